/**
 * What a restore of a service can reach: the one model every answer that
 * says "restorable", "latest", "point" or "RPO" reads from (plan_restore,
 * create_restore, the drill, the audit's rpo control, list_services).
 *
 * A restore starts from a base (a successful full, snapshot or dump),
 * optionally applies the successful incrementals that name that base in
 * `reference_full_backup`, and then replays binary logs (see binlog.ts).
 * Each base, and each prefix of its incrementals, is one "start": a chain
 * that restores exactly to its own point, and from which binlogs can carry
 * it further. So an incremental on a failed full is no point, and binlogs
 * after a hole carry nothing across it.
 *
 * A record dated beyond now (past a few minutes of clock skew) is no point
 * at all: clock skew or a bad import must not make a stale service look
 * fresh. It is counted, and the first one kept, so answers can name it.
 */
import { isBaseType, type Backup } from "../api/records.js";
import { binlogSegments, BinlogTimes, segmentAt, type Segment } from "./binlog.js";
import { BackupReading } from "./facts.js";
import { parseApiTime } from "../util/time.js";
import { ascending, byAt } from "../util/sorted.js";

export interface Known {
  id: string;
  type: string;
  at: number;
}

export interface Start {
  at: number;
  base: Known;
  /** The incrementals applied on the base, oldest first (empty for the base alone). */
  incrementals: Known[];
  /** The latest moment binlogs carry this start to (its own point when none do). */
  reach: number;
}

export interface RestorePoints {
  /** Oldest first by point. */
  starts: Start[];
  /** Successful binlog backups, oldest first by point. */
  binlogs: Known[];
  segments: Segment[];
}

/** A record may be this far ahead of the server's clock (skew) and still count. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/** A record with a time beyond now: never a point; named in answers. */
export interface FutureRecord {
  id?: string;
  type: string;
  /** Its latest time, ms. */
  at: number;
}

/** Base chains kept whole with `onlyLatest`: the newest, and two to fall back to when it is suspect. */
const CHAINS_KEPT = 3;

/**
 * The one rule for "dated in the future": a backup whose latest time (start,
 * end or point) lies beyond now + FUTURE_SKEW_MS. Returns that time, or
 * undefined for a backup that is not from the future. The model, the
 * audit's tally and list_services all ask it, so none trusts what another drops.
 */
export function futureTimeOf(backup: Backup, nowMs: number): number | undefined {
  // Three reads, no array.
  const latest = Math.max(
    parseApiTime(backup.start_time) ?? -Infinity,
    parseApiTime(backup.end_time) ?? -Infinity,
    parseApiTime(backup.point_in_time) ?? -Infinity,
  );
  return isFuture(latest, nowMs) ? latest : undefined;
}

/** futureTimeOf's rule on a backup's latest time already read (BackupReading.latest). */
export function isFuture(latest: number, nowMs: number): boolean {
  return latest > nowMs + FUTURE_SKEW_MS;
}

/**
 * Reads a service's backups once, in any order, and keeps what restores can
 * use. With `onlyLatest` it keeps only what can decide the newest point: a
 * start before the newest base never reaches further than that base (a run
 * of binlogs that carries it past the base carries the base too), so older
 * incrementals are dropped as newer bases arrive; the chains of the newest
 * few bases are kept, since a suspect newest base is passed over
 * (suspect.ts). Bases and binlog points
 * are kept whole: they are few and small, and binlog holes are judged
 * against the service's usual cadence over its whole history.
 */
export class RestoreFacts {
  private readonly seen = new Set<string>();
  private readonly bases: Known[] = [];
  private readonly binlogs: (Known & { file?: string })[] = [];
  private readonly compactBinlogs = new BinlogTimes();
  private incrementals: (Known & { ref: string })[] = [];
  /** Points of failed full attempts: an unnamed incremental after one may be built on it. */
  private readonly failedFulls: number[] = [];
  /**
   * Points of the newest CHAINS_KEPT bases, newest first: with `onlyLatest`,
   * incrementals older than all of them are dropped. Not only the newest
   * base's: it may be suspect (suspect.ts), and then an older chain decides.
   */
  private readonly newestBases: number[] = [];
  /** When restores replaced the service's data: binlogs never join across one (binlog.ts). */
  private readonly breaks: number[] = [];
  futureCount = 0;
  firstFuture: FutureRecord | undefined;

  constructor(
    private readonly nowMs: number,
    private readonly onlyLatest = false,
  ) {}

  private readonly reading = new BackupReading();

  add(backup: Backup): void {
    this.addRead(this.reading.read(backup), backup);
  }

  /** add(), for a backup whose facts are already read (the audit reads each once for all). */
  addRead(read: BackupReading, backup: Backup): void {
    const { type, outcome } = read;
    if (outcome === "failed" && type === "full") {
      const tried = read.start;
      if (tried <= this.nowMs + FUTURE_SKEW_MS) this.failedFulls.push(tried); // false for NaN
    }
    if (outcome !== "succeeded") return;
    const id = read.id;
    const at = read.point;
    // Without an id a backup cannot be named in a chain; without a point it restores to no known moment.
    if (id === undefined || Number.isNaN(at)) return;
    if (isFuture(read.latest, this.nowMs)) {
      const latest = read.latest;
      this.futureCount += 1;
      if (this.firstFuture === undefined || latest > this.firstFuture.at)
        this.firstFuture = { id, type, at: latest };
      return;
    }
    if (this.onlyLatest ? false : this.seen.has(id)) return;
    if (!this.onlyLatest) this.seen.add(id);
    if (isBaseType(type)) {
      this.bases.push({ id, type, at });
      if (this.onlyLatest && this.keepBasePoint(at)) {
        const from = this.oldestChainAt;
        this.incrementals = this.incrementals.filter((i) => i.at >= from);
      }
    } else if (type === "binarylog") {
      const file = typeof backup.binlog_file === "string" ? backup.binlog_file : undefined;
      // The audit's facts (onlyLatest) need a binlog's moment and file, not its id, and hold
      // every binlog of the history: as numbers, not one object per binlog.
      if (this.onlyLatest) this.compactBinlogs.add(at, file);
      else this.binlogs.push(file === undefined ? { id, type, at } : { id, type, at, file });
    } else if (type === "incremental") {
      const ref =
        typeof backup.reference_full_backup === "string" ? backup.reference_full_backup : "";
      if (this.onlyLatest && at < this.oldestChainAt) return;
      this.incrementals.push({ id, type, at, ref });
    }
  }

  /** True when the point joins the newest CHAINS_KEPT base points. */
  private keepBasePoint(at: number): boolean {
    const list = this.newestBases;
    if (list.includes(at)) return false;
    if (list.length >= CHAINS_KEPT && at <= (list.at(-1) ?? -Infinity)) return false;
    list.push(at);
    list.sort((a, b) => ascending(b, a));
    if (list.length > CHAINS_KEPT) list.pop();
    return true;
  }

  /** Incrementals before this can be on no kept chain (with `onlyLatest`). */
  private get oldestChainAt(): number {
    return this.newestBases.length < CHAINS_KEPT
      ? -Infinity
      : (this.newestBases.at(-1) ?? -Infinity);
  }

  /**
   * An incremental whose record names no base (the API may leave
   * reference_full_backup empty) builds on the newest full before it, as
   * mariabackup does, unless a full attempt failed in between: then what it
   * builds on is unknown, and it is no point.
   */
  private unnamedBaseRule(bases: readonly Known[]): (at: number) => string | undefined {
    const fulls = bases.filter((b) => b.type === "full").sort(byAt);
    const failed = this.failedFulls;
    return (at) => {
      const full = fulls.findLast((b) => b.at <= at);
      if (full === undefined) return undefined;
      return failed.some((t) => t > full.at && t < at) ? undefined : full.id;
    };
  }

  /** A restore into this service at `ms` (in place, or from another service's backup). */
  addTimelineBreak(ms: number): void {
    this.breaks.push(ms);
  }

  points(): RestorePoints {
    // A duplicate record (the same backup on two pages) must not count twice.
    const bases = this.onlyLatest ? uniqueById(this.bases) : this.bases;
    // Duplicates (one backup on two pages) are harmless here: segments are keyed by time.
    const binlogs: Known[] = this.onlyLatest
      ? this.compactBinlogs.moments().map((at) => ({ id: "", type: "binarylog", at }))
      : this.binlogs.sort(byAt).map(({ id, type, at }) => ({ id, type, at }));
    const byBase = new Map<string, Known[]>();
    const unnamedBaseOf = this.unnamedBaseRule(bases);
    for (const inc of this.onlyLatest ? uniqueById(this.incrementals) : this.incrementals) {
      const ref = inc.ref === "" ? unnamedBaseOf(inc.at) : inc.ref;
      if (ref === undefined) continue;
      const list = byBase.get(ref) ?? [];
      list.push({ id: inc.id, type: inc.type, at: inc.at });
      byBase.set(ref, list);
    }
    const segments = this.onlyLatest
      ? this.compactBinlogs.segments(this.breaks)
      : binlogSegments(this.binlogs, this.breaks);
    const reachOf = (at: number): number => Math.max(at, segmentAt(segments, at)?.end ?? at);
    const starts: Start[] = [];
    for (const base of bases) {
      starts.push({ at: base.at, base, incrementals: [], reach: reachOf(base.at) });
      const mine = (byBase.get(base.id) ?? []).filter((inc) => inc.at >= base.at).sort(byAt);
      mine.forEach((inc, i) => {
        starts.push({
          at: inc.at,
          base,
          incrementals: mine.slice(0, i + 1),
          reach: reachOf(inc.at),
        });
      });
    }
    starts.sort(byAt);
    return { starts, binlogs, segments };
  }
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

export function restorePoints(
  backups: Iterable<Backup>,
  nowMs: number,
  breaks: readonly number[] = [],
): RestorePoints {
  const facts = new RestoreFacts(nowMs);
  for (const backup of backups) facts.add(backup);
  for (const at of breaks) facts.addTimelineBreak(at);
  return facts.points();
}

/** The newest moment any chain reaches, and the start that reaches it; undefined when none does. */
export function newestPoint(points: RestorePoints): { at: number; start: Start } | undefined {
  let best: Start | undefined;
  for (const start of points.starts)
    if (best === undefined || start.reach > best.reach) best = start;
  return best === undefined ? undefined : { at: best.reach, start: best };
}
