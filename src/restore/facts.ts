/**
 * What the audit and the planner need to know about one backup, read
 * leniently: every field of an API backup may be missing or odd, so each
 * helper answers "unknown" rather than throwing.
 */
import type { Backup } from "../api/schemas.js";
import type { Restore } from "../api/restore-schemas.js";
import { parseApiTime } from "../util/time.js";

export { outcomeOf } from "../api/outcome.js";

export function typeOf(backup: Backup): string {
  return typeof backup.type === "string" && backup.type !== ""
    ? backup.type.trim().toLowerCase()
    : "unknown";
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
