/**
 * Everything the audit keeps about one service while backups stream past:
 * counters, a few newest-of-kind records, the newest finished backups of
 * each type (for streaks) and the binlog points inside the window. Its size
 * does not grow with the service's history.
 */
import { isBaseType, type Backup, type Schedule } from "../api/records.js";
import { STUCK_AFTER_HOURS } from "./types.js";
import {
  BackupReading,
  storedBytesOf,
  FUTURE_SKEW_MS,
  isFuture,
  RestoreFacts,
  BaseSizes,
  DEFAULT_SIZE_RULES,
  latestStart,
  type BinlogPoint,
  type FutureRecord,
  type Start,
  type SizeRules,
} from "../recovery/model.js";
import { ascending } from "../util/sorted.js";
import { HOUR_MS, parseApiTime } from "../util/time.js";

export interface Seen {
  at: number;
  type: string;
  id?: string;
}

/** Oldest starts kept per type: enough to see past the few a one-time schedule made. */
export const OLDEST_KEPT = 8;

/**
 * The newest of some kind of record, kept as fields and made a Seen only when
 * asked: backups arrive oldest first, so nearly every one is the newest so
 * far, and an object each was megabytes of garbage in a 100,000-backup audit.
 */
class Newest {
  private at = -Infinity;
  private type = "";
  private id: string | undefined;

  offer(at: number, type: string, id: string | undefined): void {
    if (at <= this.at) return;
    this.at = at;
    this.type = type;
    this.id = id;
  }

  get seen(): Seen | undefined {
    if (this.at === -Infinity) return undefined;
    return this.id === undefined
      ? { at: this.at, type: this.type }
      : { at: this.at, type: this.type, id: this.id };
  }
}

/** Counters over the lookback window (by start time). */
export interface WindowCounts {
  backups: number;
  /** Maps, not objects: a type string from the API such as "constructor" must stay a plain key. */
  byStatus: Map<string, number>;
  byType: Map<string, number>;
  storage: number;
  failures: number;
}

export class ServiceTally {
  name: string | undefined;
  total = 0;
  private readonly success = new Newest();
  private readonly base = new Newest();
  private readonly failure = new Newest();
  private readonly running = new Newest();
  /** Oldest, not newest: kept by negated time. */
  private readonly stuck = new Newest();
  get lastSuccess(): Seen | undefined {
    return this.success.seen;
  }
  get lastBase(): Seen | undefined {
    return this.base.seen;
  }
  readonly window: WindowCounts = {
    backups: 0,
    byStatus: new Map(),
    byType: new Map(),
    storage: 0,
    failures: 0,
  };
  get lastFailure(): Seen | undefined {
    return this.failure.seen;
  }
  get oldestStuck(): Seen | undefined {
    const seen = this.stuck.seen;
    return seen && { ...seen, at: -seen.at };
  }
  stuckCount = 0;
  /** The newest backup still running, stuck or not: a stale service may already be catching up. */
  get newestRunning(): Seen | undefined {
    return this.running.seen;
  }
  readonly binlogs: BinlogPoint[] = [];
  binlogBefore: BinlogPoint | undefined;
  /** Per type, newest first, at most RECENT_PER_TYPE each. */
  readonly recent = new Map<string, Finished[]>();
  schedules: ScheduleFacts[] | undefined;
  /** Starts in the window, per type, of every attempt and of the successful ones. */
  readonly attempted = new TypeStarts();
  readonly delivered = new TypeStarts();
  /** Newest successful start of each type over the whole history. */
  readonly newestDeliveredOf = new Map<string, number>();
  newestStart: number | undefined;
  /**
   * When everything stopped behind a stuck backup: its start, if nothing (of any type) has
   * started since; undefined otherwise. Runs due after it are queued, not missed.
   */
  get blockedSince(): number | undefined {
    const stuck = this.oldestStuck;
    if (stuck === undefined || (this.newestStart ?? -Infinity) > stuck.at) return undefined;
    return stuck.at;
  }
  /** Per type, the OLDEST_KEPT oldest starts of every attempt, oldest first. */
  private readonly oldest = new Map<string, number[]>();
  /**
   * Points of successful incrementals by the base they name (reference_full_backup; "" when
   * the API names none). The chain a restore replays is those of the newest base, as
   * recovery/model.ts's restorePoints applies them, plus unnamed ones newer than it.
   */
  private readonly incrementalsByBase = new Map<string, number[]>();
  /** What a restore can reach (recovery/model.ts), kept only as far as it decides the newest point. */
  private readonly restorable: RestoreFacts;
  /** The few newest bases' sizes per type: suspect bases and runaway growth (recovery/model.ts's BaseSizes). */
  readonly sizes: BaseSizes;
  /** Records dated beyond now: in no rule but their own finding. */
  futureCount = 0;
  newestFuture: FutureRecord | undefined;

  constructor(
    readonly serviceId: string,
    readonly windowStart: number,
    private readonly nowMs: number,
    readonly sizeRules: SizeRules = DEFAULT_SIZE_RULES,
  ) {
    this.restorable = new RestoreFacts(nowMs, true);
    this.sizes = new BaseSizes(nowMs + FUTURE_SKEW_MS);
  }

  /**
   * The newest moment a restore reaches: the same model and the same point plan_restore's
   * "latest" names. Computed once, when every backup has been added.
   */
  get newestRestorable(): { at: number; start: Start } | undefined {
    if (this.newest === null) {
      // plan_restore's own rule (latestStart): the same point, the base its chain uses.
      const suspects = this.sizes.suspects(this.sizeRules);
      this.newest = latestStart(this.restorable.points(), suspects);
    }
    return this.newest;
  }
  private newest: { at: number; start: Start } | undefined | null = null;

  /** A restore into this service at `ms`: its binlogs start a new timeline there. */
  addTimelineBreak(ms: number): void {
    this.restorable.addTimelineBreak(ms);
    this.newest = null;
  }

  /** Each backup is read once here, for the tally, the restore model and the size rules alike. */
  private readonly reading = new BackupReading();

  add(backup: Backup): void {
    this.total += 1;
    this.newest = null;
    const read = this.reading.read(backup);
    if (this.fromTheFuture(read)) return;
    this.restorable.addRead(read, backup);
    this.sizes.addRead(read, backup);
    if (this.name === undefined && typeof backup.service_name === "string") {
      this.name = backup.service_name;
    }
    const { type, outcome, id, start } = read;
    if (outcome === "succeeded") {
      const at = Number.isNaN(read.point) ? start : read.point;
      if (!Number.isNaN(at)) this.addSuccess(at, type, id, backup);
    }
    if (Number.isNaN(start)) return;
    this.addStart(type, start, outcome);
    if (outcome === "succeeded" || outcome === "failed") this.addFinished(type, start, outcome);
    if (outcome === "running") this.running.offer(start, type, id);
    if (outcome === "running" && this.nowMs - start > STUCK_AFTER_HOURS * HOUR_MS) {
      this.stuckCount += 1;
      this.stuck.offer(-start, type, id);
    }
    if (start < this.windowStart) return;
    const w = this.window;
    w.backups += 1;
    w.byStatus.set(outcome, (w.byStatus.get(outcome) ?? 0) + 1);
    w.byType.set(type, (w.byType.get(type) ?? 0) + 1);
    w.storage += storedBytesOf(backup);
    if (outcome === "failed") {
      w.failures += 1;
      this.failure.offer(start, type, id);
    }
  }

  /** A record dated beyond now (clock skew, a bad import) counts in no rule: it is only named. */
  private fromTheFuture(read: BackupReading): boolean {
    const latest = read.latest;
    if (!isFuture(latest, this.nowMs)) return false;
    this.futureCount += 1;
    if (this.newestFuture === undefined || latest > this.newestFuture.at) {
      const id = read.id;
      this.newestFuture = { ...(id !== undefined && { id }), type: read.type, at: latest };
    }
    return true;
  }

  /** Successful incrementals since the newest base (0 without a base). */
  get chainLength(): number {
    const base = this.lastBase;
    if (base === undefined) return 0;
    const after = (ref: string) =>
      (this.incrementalsByBase.get(ref) ?? []).filter((at) => at > base.at).length;
    // A base with no id cannot be named by its incrementals: every later one is counted.
    if (base.id === undefined) {
      let all = 0;
      for (const ref of this.incrementalsByBase.keys()) all += after(ref);
      return all;
    }
    return after(base.id) + after("");
  }

  private addStart(type: string, start: number, outcome: string): void {
    if (outcome === "other") return;
    this.keepOldest(type, start);
    if (this.newestStart === undefined || start > this.newestStart) this.newestStart = start;
    const ok = outcome === "succeeded";
    if (ok && start > (this.newestDeliveredOf.get(type) ?? -Infinity))
      this.newestDeliveredOf.set(type, start);
    if (start < this.windowStart) return;
    this.attempted.add(type, start);
    if (ok) this.delivered.add(type, start);
  }

  private keepOldest(type: string, start: number): void {
    const list = this.oldest.get(type) ?? [];
    if (list.length >= OLDEST_KEPT && start >= (list.at(-1) ?? -Infinity)) return;
    let i = list.length;
    while (i > 0 && (list[i - 1] ?? -Infinity) > start) i -= 1;
    list.splice(i, 0, start);
    if (list.length > OLDEST_KEPT) list.pop();
    this.oldest.set(type, list);
  }

  /** The oldest start of any type, or undefined when nothing started. */
  get oldestStart(): number | undefined {
    let oldest: number | undefined;
    for (const list of this.oldest.values()) {
      const first = list[0];
      if (first !== undefined && (oldest === undefined || first < oldest)) oldest = first;
    }
    return oldest;
  }

  /** The oldest starts of a type (at most OLDEST_KEPT), oldest first. */
  oldestOf(type: string): readonly number[] {
    return this.oldest.get(type) ?? [];
  }

  /** Every type that has a start. */
  typesSeen(): string[] {
    return [...this.oldest.keys()];
  }

  private addSuccess(at: number, type: string, id: string | undefined, backup: Backup): void {
    this.success.offer(at, type, id);
    if (isBaseType(type)) this.base.offer(at, type, id);
    if (type === "incremental") {
      const ref =
        typeof backup.reference_full_backup === "string" ? backup.reference_full_backup : "";
      const list = this.incrementalsByBase.get(ref) ?? [];
      list.push(at);
      this.incrementalsByBase.set(ref, list);
    }
    if (type !== "binarylog") return;
    // The newest point before the window lets a gap that straddles its start be seen.
    if (at < this.windowStart && this.binlogBefore !== undefined && at <= this.binlogBefore.at)
      return;
    const file = typeof backup.binlog_file === "string" ? backup.binlog_file : undefined;
    const point: BinlogPoint = file === undefined ? { at } : { at, file };
    if (at >= this.windowStart) this.binlogs.push(point);
    else this.binlogBefore = point;
  }

  private addFinished(type: string, at: number, outcome: "succeeded" | "failed"): void {
    const list = this.recent.get(type) ?? [];
    keepNewest(list, { at, failed: outcome === "failed" });
    this.recent.set(type, list);
  }

  addSchedules(schedules: Iterable<Schedule>): void {
    const list = this.schedules ?? [];
    for (const s of schedules) {
      const facts = scheduleFacts(s);
      if (facts !== undefined) list.push(facts);
    }
    this.schedules = list;
  }
}

/** What the audit keeps of one schedule from the API, read leniently. */
export interface ScheduleFacts {
  id?: number;
  unusable_id?: string;
  type: string;
  schedule: string;
  suspended: boolean;
  createdMs?: number;
  updatedMs?: number;
}

/** undefined for a record with no id, cron or type (e.g. a bare number read leniently). */
function scheduleFacts(s: Schedule): ScheduleFacts | undefined {
  if (
    s.id === undefined &&
    s.unusable_id === undefined &&
    s.schedule === undefined &&
    s.type === undefined
  )
    return undefined;
  const created = parseApiTime(s.created_at);
  const updated = parseApiTime(s.updated_at);
  return {
    ...(s.id !== undefined && { id: s.id }),
    ...(s.unusable_id !== undefined && { unusable_id: s.unusable_id }),
    // Lower-cased like backup types, so "FULL" schedules match "full" backups.
    type: typeof s.type === "string" && s.type !== "" ? s.type.trim().toLowerCase() : "unknown",
    schedule: typeof s.schedule === "string" ? s.schedule : "",
    suspended: s.suspended === true,
    ...(created !== undefined && { createdMs: created }),
    ...(updated !== undefined && { updatedMs: updated }),
  };
}

/**
 * Failure streaks from the newest finished backups. Both the service-wide
 * streak and the worst per-type streak matter: hourly binlog backups that
 * succeed can hide three nightly fulls failing in a row.
 */
export interface Finished {
  at: number;
  failed: boolean;
}

/** Newest finished backups kept per type: enough to measure any streak worth reporting. */
const RECENT_PER_TYPE = 32;

/** Inserts into a newest-first list, keeping only the newest RECENT_PER_TYPE. */
function keepNewest(list: Finished[], entry: Finished): void {
  if (list.length >= RECENT_PER_TYPE && entry.at <= (list.at(-1)?.at ?? 0)) return;
  let i = 0;
  while (i < list.length && (list[i]?.at ?? 0) >= entry.at) i += 1;
  list.splice(i, 0, entry);
  if (list.length > RECENT_PER_TYPE) list.pop();
}

export interface Streak {
  count: number;
  /** Start time of the oldest failure in the streak. */
  since: number;
  /** Every kept record failed: the real streak may be longer. */
  atLeast: boolean;
  /** Set for a per-type streak. */
  type?: string;
}

function leadingFailures(newestFirst: readonly Finished[]): Streak | undefined {
  let count = 0;
  let since = 0;
  for (const f of newestFirst) {
    if (!f.failed) break;
    count += 1;
    since = f.at;
  }
  if (count === 0) return undefined;
  return { count, since, atLeast: count === newestFirst.length && count >= RECENT_PER_TYPE };
}

/** The streak to report: service-wide if it reaches `min`, else the longest per-type one that does. */
export function worstStreak(
  recent: ReadonlyMap<string, readonly Finished[]>,
  min: number,
): Streak | undefined {
  // The newest N overall are always among the newest N of their own type, so this merge is exact.
  const merged = [...recent.values()]
    .flat()
    .sort((a, b) => ascending(b.at, a.at))
    .slice(0, RECENT_PER_TYPE);
  const overall = leadingFailures(merged);
  if (overall && overall.count >= min) return overall;
  let worst: Streak | undefined;
  for (const [type, list] of recent) {
    const streak = leadingFailures(list);
    if (streak && streak.count >= min && (worst === undefined || streak.count > worst.count)) {
      worst = { ...streak, type };
    }
  }
  return worst;
}

/**
 * When backups of each type started inside the audited window, kept as
 * plain numbers so a schedule's fire times can be matched against them. A
 * backup does not name its schedule: its type and start time are all the
 * API says, so that is what the match uses. Memory is 8 bytes a backup in
 * the window, and nothing for older ones.
 */
class TypeStarts {
  private readonly byType = new Map<string, number[]>();
  private readonly unsorted = new Set<string>();

  add(type: string, at: number): void {
    const list = this.byType.get(type) ?? [];
    const last = list.at(-1);
    if (last !== undefined && at < last) this.unsorted.add(type);
    list.push(at);
    this.byType.set(type, list);
  }

  /** Starts of one type, oldest first. */
  of(type: string): readonly number[] {
    const list = this.byType.get(type) ?? [];
    if (this.unsorted.delete(type)) list.sort(ascending);
    return list;
  }
}
