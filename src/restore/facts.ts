/**
 * What the audit and the planner need to know about one backup, read
 * leniently: every field of an API backup may be missing or odd, so each
 * helper answers "unknown" rather than throwing.
 */
import { outcomeOf, type Backup, type Restore, type Outcome } from "../api/records.js";
import { parseApiTime } from "../util/time.js";

export { outcomeOf };

/** The types the document names, as it writes them: read as they are, with nothing allocated. */
const DOCUMENTED_TYPES = new Set(["full", "incremental", "binarylog", "snapshot", "dump"]);

export function typeOf(backup: Backup): string {
  const type = backup.type;
  if (typeof type !== "string" || type === "") return "unknown";
  return DOCUMENTED_TYPES.has(type) ? type : type.trim().toLowerCase();
}

/** The recovery-point target when none is given: a nightly backup plus two hours of slack. */
export const DEFAULT_MAX_AGE_HOURS = 26;

/** When the backup began; falls back to its end or point when start_time is missing. */
export function startMsOf(backup: Backup): number | undefined {
  return (
    parseApiTime(backup.start_time) ??
    parseApiTime(backup.end_time) ??
    parseApiTime(backup.point_in_time)
  );
}

/**
 * The consistent moment a successful backup restores to. The API fills
 * `point_in_time`; when it is missing the end time is the closest honest
 * stand-in (the backup cannot contain anything written after it ended).
 */
export function pointMsOf(backup: Backup): number | undefined {
  return parseApiTime(backup.point_in_time) ?? parseApiTime(backup.end_time);
}

/** Bytes the backup occupies: storage_bytes when sent (snapshots store far less), else backup_size. */
export function storedBytesOf(backup: Backup): number {
  const value = backup.storage_bytes ?? backup.backup_size;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

export function idOf(backup: Backup): string | undefined {
  return typeof backup.id === "string" && backup.id !== "" ? backup.id : undefined;
}

/** When a restore replaced its target's data: when it began (or, undated so, when it last changed). */
export function restoredAtOf(restore: Restore): number | undefined {
  return parseApiTime(restore.created_at) ?? parseApiTime(restore.updated_at);
}

/**
 * One backup's facts, read once for every consumer. A big audit hands each of
 * 100,000 backups to the tally, the restore model and the size rules; each
 * asking the helpers above again parsed every time about nine times over,
 * tens of megabytes of garbage. One reading is reused for every backup
 * (read() overwrites it), and an unknown time is NaN rather than undefined,
 * so its fields stay plain numbers that V8 updates in place.
 */
export class BackupReading {
  type = "unknown";
  outcome: Outcome = "other";
  id: string | undefined = undefined;
  /** startMsOf(), or NaN. */
  start = Number.NaN;
  /** pointMsOf(), or NaN. */
  point = Number.NaN;
  /** The latest of its start, end and point (-Infinity when it has none): the future rule's figure. */
  latest = -Infinity;

  read(backup: Backup): this {
    this.type = typeOf(backup);
    this.outcome = outcomeOf(backup.status);
    this.id = idOf(backup);
    const start = parseApiTime(backup.start_time);
    const end = parseApiTime(backup.end_time);
    const point = parseApiTime(backup.point_in_time);
    this.start = start ?? end ?? point ?? Number.NaN;
    this.point = point ?? end ?? Number.NaN;
    this.latest = Math.max(start ?? -Infinity, end ?? -Infinity, point ?? -Infinity);
    return this;
  }
}
