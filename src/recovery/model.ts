/**
 * The recovery model: what a restore of a service can reach, the one model
 * every answer that says "restorable", "latest", "point" or "RPO" reads from
 * (plan_restore, create_restore, the drill, the audit's rpo control,
 * list_services). In order below: one backup's facts, read leniently;
 * binary-log coverage; the restorable points; suspect bases; the chain a
 * restore to a moment uses; what a restore read from; what stopping
 * schedules loses. The planner (planner.ts) and the audit render it.
 */
import { outcomeOf, isBaseType, type Backup, type Restore, type Outcome } from "../api/records.js";
import { formatBytes, isoSeconds, utcMinutes } from "../util/format.js";
import { SERVICE_ID_PATTERN } from "../util/ids.js";
import { ascending, firstReached, byAt } from "../util/sorted.js";
import { parseApiTime, DAY_MS, HOUR_MS, hoursBetween } from "../util/time.js";

/**
 * What the audit and the planner need to know about one backup, read
 * leniently: every field of an API backup may be missing or odd, so each
 * helper answers "unknown" rather than throwing.
 */

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

/**
 * Binary-log coverage, the part of point-in-time recovery that can break.
 *
 * Semantics (shared with the emulator, see src/emulator/factories.ts): a
 * successful `binarylog` backup closes the binary log at its
 * `point_in_time` P and carries the log written since the previous binlog
 * backup. Consecutive binlog backups therefore cover adjacent windows, and
 * a run of them covers [first P, last P] without a hole. When backups skip
 * their usual cadence the logs in between are gone (they expire after
 * `expire_logs_days`), so the window strictly between the two points is
 * not covered: that is a gap.
 *
 * The API says nothing about a binlog backup's own start, so a run that
 * begins after a gap is taken to begin at its first point (conservative:
 * the planner never promises a restore through logs it cannot name).
 *
 * "Usual cadence" is the median spacing of the service's binlog points; a
 * step more than GAP_FACTOR times that is a gap, unless the binlog file
 * numbers say the two backups are consecutive files.
 */
const GAP_FACTOR = 1.5;

export interface BinlogPoint {
  at: number;
  /** e.g. "mariadb-bin.000797", when the API sends it. */
  file?: string;
}

/** A run of binlog backups with no hole: every moment in [start, end] can be replayed to. */
export interface Segment {
  start: number;
  end: number;
}

export interface Gap {
  from: number;
  to: number;
}

/**
 * Binlog points as plain numbers: the moment, and the file's stem (by index)
 * and number. A few bytes each, and nothing allocated per point: an object
 * (or a regex match) per binlog cost the audit of 100,000 backups tens of
 * megabytes of garbage. The one home of the segment rule, for the audit's
 * window and the planner's whole history alike.
 */
class BinlogTimes {
  private readonly at: number[] = [];
  private readonly fileNo: number[] = [];
  private readonly stemOf: number[] = [];
  private readonly stems: string[] = [];
  /** Pages arrive out of order when read concurrently; an in-order history needs no sort. */
  private unsorted = false;
  /** order(), kept until the next add: moments() and segments() both read it. */
  private sorted: number[] | undefined;

  /** The index of the file's stem (the text before `dot`), or -1; a loop, as this runs per binlog. */
  private stemIndex(file: string, dot: number): number {
    for (let i = 0; i < this.stems.length; i += 1) {
      const known = this.stems[i] ?? "";
      if (known.length === dot && file.startsWith(known)) return i;
    }
    return -1;
  }

  get size(): number {
    return this.at.length;
  }

  add(at: number, file: string | undefined): void {
    if (!Number.isFinite(at)) return;
    let stem = -1;
    let n = -1;
    const dot = file === undefined ? -1 : file.lastIndexOf(".");
    if (file !== undefined && dot >= 0 && dot < file.length - 1 && allDigits(file, dot + 1)) {
      stem = this.stemIndex(file, dot);
      // A service's binlogs share a stem or two; more would be odd data, and a bounded list.
      if (stem === -1 && this.stems.length < MAX_STEMS)
        stem = this.stems.push(file.slice(0, dot)) - 1;
      if (stem !== -1) n = Number(file.slice(dot + 1));
    }
    if (at < (this.at.at(-1) ?? -Infinity)) this.unsorted = true;
    this.sorted = undefined;
    this.at.push(at);
    this.fileNo.push(n);
    this.stemOf.push(stem);
  }

  /**
   * Indexes of the points oldest first, one per moment (the last added wins,
   * as a duplicate read on two pages is the same backup).
   */
  private order(): number[] {
    this.sorted ??= this.sort();
    return this.sorted;
  }

  private sort(): number[] {
    const index: number[] = [];
    for (let i = 0; i < this.at.length; i += 1) index.push(i);
    if (this.unsorted) index.sort((a, b) => ascending(this.at[a] ?? 0, this.at[b] ?? 0) || a - b);
    const out: number[] = [];
    for (let k = 0; k < index.length; k += 1) {
      const i = index[k] ?? 0;
      const next = index[k + 1];
      if (next === undefined || this.at[next] !== this.at[i]) out.push(i);
    }
    return out;
  }

  /** The moments, oldest first, one per moment. */
  moments(): number[] {
    return this.order().map((i) => this.at[i] ?? 0);
  }

  /**
   * Disjoint segments, oldest first. `breaks` are moments a restore replaced
   * the service's data: the binary log starts a new timeline there (numbering
   * and GTIDs restart), so no segment joins across one, as pgBackRest and
   * Barman treat timelines.
   */
  segments(breaks: readonly number[] = []): Segment[] {
    const order = this.order();
    const limit = medianStep(order.map((i) => this.at[i] ?? 0)) * GAP_FACTOR;
    const segments: Segment[] = [];
    let previous = -1;
    for (const i of order) {
      const at = this.at[i] ?? 0;
      const current = segments.at(-1);
      if (current !== undefined && previous !== -1 && this.joins(previous, i, limit, breaks))
        current.end = at;
      else segments.push({ start: at, end: at });
      previous = i;
    }
    return segments;
  }

  private joins(a: number, b: number, limit: number, breaks: readonly number[]): boolean {
    const from = this.at[a] ?? 0;
    const to = this.at[b] ?? 0;
    for (const moment of breaks) if (moment > from && moment <= to) return false;
    if (to - from <= limit) return true;
    const stem = this.stemOf[a] ?? -1;
    const n = this.fileNo[a] ?? -1;
    // Consecutive files: nothing was lost between them, however long the wait.
    return stem !== -1 && n !== -1 && this.stemOf[b] === stem && this.fileNo[b] === n + 1;
  }
}

const MAX_STEMS = 16;

function allDigits(text: string, from: number): boolean {
  for (let i = from; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function medianStep(sorted: readonly number[]): number {
  if (sorted.length < 2) return 0;
  const steps = new Float64Array(sorted.length - 1);
  for (let i = 1; i < sorted.length; i += 1) steps[i - 1] = (sorted[i] ?? 0) - (sorted[i - 1] ?? 0);
  steps.sort();
  return steps[Math.floor(steps.length / 2)] ?? 0;
}

/** Points in any order (duplicates allowed) -> disjoint segments, oldest first (BinlogTimes). */
export function binlogSegments(
  points: readonly BinlogPoint[],
  breaks: readonly number[] = [],
): Segment[] {
  const times = new BinlogTimes();
  for (const point of points) times.add(point.at, point.file);
  return times.segments(breaks);
}

/** The holes between segments: windows point-in-time recovery cannot reach into. */
export function binlogGaps(segments: readonly Segment[]): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < segments.length; i += 1) {
    const before = segments[i - 1];
    const after = segments[i];
    if (before && after) gaps.push({ from: before.end, to: after.start });
  }
  return gaps;
}

/** The segment holding `at`, if any (segments sorted and disjoint). */
function segmentAt(segments: readonly Segment[], at: number): Segment | undefined {
  // Segments are sorted and disjoint: the first that ends at or after `at` is the only candidate.
  const s = segments[firstReached(segments.length, (i) => (segments[i]?.end ?? Infinity) >= at)];
  return s !== undefined && at >= s.start ? s : undefined;
}

/**
 * What a restore of a service can reach: the one model every answer that
 * says "restorable", "latest", "point" or "RPO" reads from (plan_restore,
 * create_restore, the drill, the audit's rpo control, list_services).
 *
 * A restore starts from a base (a successful full, snapshot or dump),
 * optionally applies the successful incrementals that name that base in
 * `reference_full_backup`, and then replays binary logs (see binlogSegments).
 * Each base, and each prefix of its incrementals, is one "start": a chain
 * that restores exactly to its own point, and from which binlogs can carry
 * it further. So an incremental on a failed full is no point, and binlogs
 * after a hole carry nothing across it.
 *
 * A record dated beyond now (past a few minutes of clock skew) is no point
 * at all: clock skew or a bad import must not make a stale service look
 * fresh. It is counted, and the first one kept, so answers can name it.
 */
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
 * end or point: BackupReading.latest) lies beyond now + FUTURE_SKEW_MS. The
 * model, the audit's tally and list_services all ask it, so none trusts what
 * another drops.
 */
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
 * (BaseSizes). Bases and binlog points
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
   * base's: it may be suspect (BaseSizes), and then an older chain decides.
   */
  private readonly newestBases: number[] = [];
  /** When restores replaced the service's data: binlogs never join across one (binlogSegments). */
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

/**
 * Backups that succeeded but cannot be trusted: the one rule the audit and
 * the planner share, so the audit's warning and plan_restore's choice of
 * base always agree.
 *
 * Which chain a restore uses when a base is suspect is startFor's rule.
 *
 * A successful base (full, snapshot or dump) is suspect when it reports 0
 * bytes, or when it is more than SUSPECT_SHRINK_PERCENT smaller than the
 * median of the bases of the same type before it. Sizes are compared like
 * with like: the same type and the same size field (backup_size, else
 * storage_bytes), because a snapshot stores a fraction of its size and a
 * dump is a different thing from a physical copy. A base that reports no
 * size at all is never judged: a missing field is not an empty backup.
 *
 * Growth is the other way round and costs money, not restores: the newest
 * base more than GROWTH_FACTOR times the size of the same type's base a
 * week earlier.
 *
 * State is bounded whatever the history: per type and field, the
 * BASES_KEPT newest bases and the newest base of each of the last
 * GROWTH_DAYS + 1 days. Backups may arrive in any order; what is kept in
 * the end is the same.
 */
/** A base more than this much smaller than its type's median is suspect (percent). */
export const SUSPECT_SHRINK_PERCENT = 80;
/** Earlier bases of the type a median needs; with fewer, only the 0-byte rule applies. */
const MEDIAN_MIN_BASES = 3;
/** The median is of at most this many bases immediately before the one judged. */
const MEDIAN_OF_BASES = 7;
/** Newest base over this many times the size of the one a week earlier is runaway growth. */
export const GROWTH_FACTOR = 3;
const GROWTH_DAYS = 7;
/** Newest bases kept per type and field: the newest five are judged against a full median. */
const BASES_KEPT = MEDIAN_OF_BASES + 5;

export interface SizeRules {
  /** Percent (1-99): a base this much smaller than the median is suspect. */
  shrinkPercent: number;
  /** A newest base over this many times the size of the one a week earlier is growth. */
  growthFactor: number;
}

export const DEFAULT_SIZE_RULES: SizeRules = {
  shrinkPercent: SUSPECT_SHRINK_PERCENT,
  growthFactor: GROWTH_FACTOR,
};

type SizeField = "backup_size" | "storage_bytes";

interface Sized {
  id: string;
  type: string;
  field: SizeField;
  at: number;
  bytes: number;
}

export interface SuspectBase {
  id: string;
  type: string;
  field: SizeField;
  /** Its point, ms. */
  at: number;
  bytes: number;
  /** Absent for a 0-byte base with too little history for a median. */
  median?: { bytes: number; of: number };
}

export interface Growth {
  type: string;
  field: SizeField;
  from: { id: string; at: number; bytes: number };
  to: { id: string; at: number; bytes: number };
  /** to / from, one decimal. */
  factor: number;
}

/** The size a base is judged by: backup_size (what it holds), else storage_bytes; undefined when neither is sent. */
function sizeOf(backup: Backup): { bytes: number; field: SizeField } | undefined {
  for (const field of ["backup_size", "storage_bytes"] as const) {
    const value = backup[field];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0)
      return { bytes: value, field };
  }
  return undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort(ascending);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The sizes of a service's successful bases, as few as the rules need. */
export class BaseSizes {
  /** Per "type field": the newest BASES_KEPT bases, oldest first. */
  private readonly newest = new Map<string, Sized[]>();
  /** Per "type field": day number -> the newest base of that day, for the last GROWTH_DAYS + 1 days. */
  private readonly daily = new Map<string, Map<number, Sized>>();

  /** `latestMs`: a base whose point is later is from the future (clock skew, a bad import), never judged. */
  constructor(private readonly latestMs: number) {}

  private readonly reading = new BackupReading();

  add(backup: Backup): void {
    this.addRead(this.reading.read(backup), backup);
  }

  /** add(), for a backup whose facts are already read (the audit reads each once for all). */
  addRead(read: BackupReading, backup: Backup): void {
    const { type, id, point: at } = read;
    if (!isBaseType(type) || read.outcome !== "succeeded") return;
    // Only what a restore could start from is judged: a base with an id and a point, not from the future.
    if (id === undefined || Number.isNaN(at) || at > this.latestMs) return;
    const size = sizeOf(backup);
    if (size === undefined) return;
    const base: Sized = { id, type, at, ...size };
    const key = `${type} ${size.field}`;
    const list = this.newest.get(key) ?? [];
    keepNewest(list, base);
    this.newest.set(key, list);
    const days = this.daily.get(key) ?? new Map<number, Sized>();
    keepDay(days, base);
    this.daily.set(key, days);
  }

  /** Every kept base the rule finds suspect, newest first. */
  suspects(rules: SizeRules = DEFAULT_SIZE_RULES): SuspectBase[] {
    const out: SuspectBase[] = [];
    for (const list of this.newest.values()) {
      list.forEach((base, i) => {
        const verdict = judge(base, list.slice(Math.max(0, i - MEDIAN_OF_BASES), i), rules);
        if (verdict !== undefined) out.push(verdict);
      });
    }
    return out.sort((a, b) => ascending(b.at, a.at));
  }

  /** Per type and field, the newest base's growth over the base a week before it, when over the factor. */
  growth(rules: SizeRules = DEFAULT_SIZE_RULES): Growth[] {
    const out: Growth[] = [];
    for (const days of this.daily.values()) {
      const order = [...days.keys()].sort(ascending);
      const last = order.at(-1);
      const to = last === undefined ? undefined : days.get(last);
      if (last === undefined || to === undefined) continue;
      // The base of the day a week before, or the oldest within the week when that day has none.
      const fromDay = order.find((day) => day >= last - GROWTH_DAYS && day < last);
      const from = fromDay === undefined ? undefined : days.get(fromDay);
      if (from === undefined || from.bytes === 0) continue;
      if (to.bytes <= from.bytes * rules.growthFactor) continue;
      out.push({
        type: to.type,
        field: to.field,
        from: { id: from.id, at: from.at, bytes: from.bytes },
        to: { id: to.id, at: to.at, bytes: to.bytes },
        factor: Math.floor((to.bytes / from.bytes) * 10) / 10,
      });
    }
    return out;
  }
}

/** Oldest first, at most BASES_KEPT, newest kept; a base listed twice (two pages) counts once. */
function keepNewest(list: Sized[], base: Sized): void {
  if (list.some((b) => b.id === base.id)) return;
  if (list.length >= BASES_KEPT && base.at <= (list[0]?.at ?? -Infinity)) return;
  let i = list.length;
  while (i > 0 && (list[i - 1]?.at ?? -Infinity) > base.at) i -= 1;
  list.splice(i, 0, base);
  if (list.length > BASES_KEPT) list.shift();
}

function keepDay(days: Map<number, Sized>, base: Sized): void {
  const day = Math.floor(base.at / DAY_MS);
  const held = days.get(day);
  if (held !== undefined) {
    if (base.at > held.at) days.set(day, base);
    return;
  }
  days.set(day, base);
  if (days.size <= GROWTH_DAYS + 1) return;
  let oldest = day;
  for (const d of days.keys()) if (d < oldest) oldest = d;
  days.delete(oldest);
}

function judge(base: Sized, before: readonly Sized[], rules: SizeRules): SuspectBase | undefined {
  const suspect = {
    id: base.id,
    type: base.type,
    field: base.field,
    at: base.at,
    bytes: base.bytes,
  };
  const enough = before.length >= MEDIAN_MIN_BASES;
  const usual = enough ? median(before.map((b) => b.bytes)) : undefined;
  const withMedian =
    usual === undefined ? suspect : { ...suspect, median: { bytes: usual, of: before.length } };
  if (base.bytes === 0) return withMedian;
  if (usual === undefined) return undefined;
  return base.bytes < (usual * (100 - rules.shrinkPercent)) / 100 ? withMedian : undefined;
}

/**
 * "full of 2026-11-26 02:01 UTC is 0 B against a median of 9.5 GB (7 before it)", or
 * "... is 950 MB, 90% under the median of 9.5 GB (7 before it)"; the id only where asked,
 * since the audit's text is kept short and its structured figures name it.
 */
export function suspectText(s: SuspectBase, withId = true): string {
  const id = withId ? ` (id=${s.id})` : "";
  const field = s.field === "backup_size" ? "" : ` ${s.field}`;
  const what = `${s.type} of ${utcMinutes(s.at)}${id} is ${formatBytes(s.bytes)}${field}`;
  if (s.median === undefined) return what;
  const usual = `${formatBytes(s.median.bytes)} (${s.median.of} before it)`;
  if (s.bytes === 0) return `${what} against a median of ${usual}`;
  const under = Math.round((1 - s.bytes / s.median.bytes) * 100);
  return `${what}, ${under}% under the median of ${usual}`;
}

/** A suspect base's figures in structured results. */
export function suspectFigures(s: SuspectBase): Record<string, unknown> {
  return {
    backup_id: s.id,
    type: s.type,
    point_in_time: isoSeconds(s.at),
    bytes: s.bytes,
    size_field: s.field,
    ...(s.median !== undefined && { median_bytes: s.median.bytes, median_of: s.median.of }),
  };
}

/**
 * Which chain a DBA would pick among the valid ones for a target: the one
 * with the fewest steps (each backup is a download and a prepare or load),
 * then the least binary-log replay (replay re-executes every change, the
 * slowest part), then the newest base. So a full + 2 incrementals + 6
 * binlogs beats a newer dump + 15 binlogs.
 *
 * A logical dump is not one step like the others: reloading it re-executes
 * every row and rebuilds every index, far slower than copying back a
 * physical full or snapshot. So a dump's chain counts DUMP_EXTRA_STEPS more
 * steps, and wins only when it is clearly shorter (it saves more than that
 * many incrementals or binlogs); on a tie the physical base wins.
 */
export interface ChainCost {
  incrementals: number;
  binlogs: number;
  steps: number;
  /** Time span of changes replayed from binary logs, in ms. */
  replayMs: number;
}

/** Beyond these a restore is long enough to say so (hourly binlogs: a day of replay). */
const LONG_INCREMENTALS = 6;
const LONG_BINLOGS = 24;
const LONG_REPLAY_MS = 24 * HOUR_MS;
/** What reloading a dump costs beyond one step, counted in incrementals or binlogs it must save. */
const DUMP_EXTRA_STEPS = 6;

const isDump = (start: Start): boolean => start.base.type === "dump";

/** Index of the first binlog whose point is after `at` (binlogs sorted oldest first). */
function firstAfter(binlogs: readonly Known[], at: number, inclusive: boolean): number {
  return firstReached(binlogs.length, (i) => {
    const point = binlogs[i]?.at ?? Infinity;
    return inclusive ? point >= at : point > at;
  });
}

/** [from, to) indexes of the binlogs a start replays: after its point, through the first at or after the target. */
function replayRange(start: Start, binlogs: readonly Known[], target: number): [number, number] {
  if (target <= start.at) return [0, 0];
  const from = firstAfter(binlogs, start.at, false);
  const through = firstAfter(binlogs, target, true);
  return [from, Math.min(through + 1, binlogs.length)];
}

export function binlogsFor(start: Start, binlogs: readonly Known[], target: number): Known[] {
  return binlogs.slice(...replayRange(start, binlogs, target));
}

export function costOf(start: Start, binlogs: readonly Known[], target: number): ChainCost {
  const [from, to] = replayRange(start, binlogs, target);
  const replayed = Math.max(0, to - from);
  return {
    incrementals: start.incrementals.length,
    binlogs: replayed,
    steps: 1 + start.incrementals.length + replayed,
    replayMs: Math.max(0, target - start.at),
  };
}

export interface Choice {
  start: Start;
  cost: ChainCost;
}

/** The best valid start for the target, or undefined when no start reaches it. */
function chooseStart(
  starts: readonly Start[],
  binlogs: readonly Known[],
  target: number,
): Start | undefined {
  return bestOf(starts, binlogs, target, () => true)?.start;
}

function bestOf(
  starts: readonly Start[],
  binlogs: readonly Known[],
  target: number,
  accept: (start: Start) => boolean,
): Choice | undefined {
  let best: Choice | undefined;
  for (const start of starts) {
    if (start.at > target || start.reach < target || !accept(start)) continue;
    const cost = costOf(start, binlogs, target);
    if (best === undefined || better(start, cost, best.start, best.cost)) best = { start, cost };
  }
  return best;
}

const weighted = (start: Start, cost: ChainCost): number =>
  cost.steps + (isDump(start) ? DUMP_EXTRA_STEPS : 0);

function better(a: Start, ac: ChainCost, b: Start, bc: ChainCost): boolean {
  const aw = weighted(a, ac);
  const bw = weighted(b, bc);
  if (aw !== bw) return aw < bw;
  if (isDump(a) !== isDump(b)) return !isDump(a);
  if (ac.replayMs !== bc.replayMs) return ac.replayMs < bc.replayMs;
  return a.base.at > b.base.at;
}

/**
 * A sentence when the dump rule decided the choice, so a DBA counting steps
 * sees why: a physical chain chosen over a dump's shorter one, or a dump
 * chosen although a physical chain exists. Undefined when it did not matter.
 */
export function dumpRuleNote(
  chosen: Choice,
  starts: readonly Start[],
  binlogs: readonly Known[],
  target: number,
): string | undefined {
  const other = bestOf(starts, binlogs, target, (s) => isDump(s) !== isDump(chosen.start));
  if (other === undefined) return undefined;
  if (!isDump(chosen.start) && other.cost.steps < chosen.cost.steps) {
    return `a dump would need fewer steps (${other.cost.steps}, not ${chosen.cost.steps}), but reloading it is slower than restoring a physical ${chosen.start.base.type}`;
  }
  if (isDump(chosen.start)) {
    return `reloading a dump is slower than a physical restore, but the best full/snapshot chain needs ${other.cost.steps} steps, not ${chosen.cost.steps}`;
  }
  return undefined;
}

/** A sentence when the chain makes a long restore; undefined for a short one. */
export function longRestore(cost: ChainCost): string | undefined {
  const parts: string[] = [];
  if (cost.incrementals > LONG_INCREMENTALS)
    parts.push(`${cost.incrementals} incrementals to apply`);
  if (cost.binlogs > LONG_BINLOGS || cost.replayMs > LONG_REPLAY_MS) {
    const hours = hoursBetween(0, cost.replayMs);
    parts.push(`${cost.binlogs} binary logs (${hours}h of changes) to replay`);
  }
  if (parts.length === 0) return undefined;
  return `long restore: ${parts.join(" and ")}; a newer full backup would shorten it`;
}

/**
 * The one rule for which chain a restore to a moment uses. plan_restore's
 * chain, each of its nearby points, create_restore, the audit's rpo point
 * and list_services' last_restorable all ask it, so no view can name a base
 * that a restore to that moment would not use.
 *
 * Among the starts that reach the moment, chooseStart picks the chain a DBA
 * would. When that chain's base is suspect (BaseSizes) and another chain
 * reaches the moment, the other one is used and a note says why; when none
 * does, the suspect one is used, with a warning.
 */
export interface SuspectNote {
  /** One sentence: which suspect base was passed over (or had to be used), with its figures. */
  message: string;
  /** True when only suspect bases reach the point, so the plan uses one. */
  unavoidable: boolean;
  bases: Record<string, unknown>[];
}

export interface StartChoice {
  start: Start;
  /** The starts it was chosen among: the trusted ones, unless only a suspect base reaches. */
  among: readonly Start[];
  note?: SuspectNote;
}

/** The chain a restore to `target` uses; undefined when no chain reaches it. */
export function startFor(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  target: number,
): StartChoice | undefined {
  const chosen = chooseStart(points.starts, points.binlogs, target);
  if (chosen === undefined) return undefined;
  const trusted = trustedStarts(points.starts, suspects);
  const skipped = suspects.find((s) => s.id === chosen.base.id);
  if (skipped === undefined) return { start: chosen, among: trusted };
  const instead = chooseStart(trusted, points.binlogs, target);
  if (instead === undefined) {
    const message = `the only base that reaches this point is suspect: ${suspectText(skipped)}; check it holds the data before relying on it (list_service_backups)`;
    const note = { message, unavoidable: true, bases: [suspectFigures(skipped)] };
    return { start: chosen, among: points.starts, note };
  }
  return { start: instead, among: trusted, note: passedOver(skipped, instead) };
}

/**
 * The newest moment a restore reaches, and the chain to it: the newest a
 * trusted base reaches when any does, so a suspect base never makes a
 * service look fresher than it is; the note names one passed over.
 */
export function latestStart(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
): (StartChoice & { at: number }) | undefined {
  const furthest = newestPoint(points);
  if (furthest === undefined) return undefined;
  const trusted = newestPoint({ ...points, starts: [...trustedStarts(points.starts, suspects)] });
  const at = trusted?.at ?? furthest.at;
  const choice = startFor(points, suspects, at);
  if (choice === undefined) return undefined; // Cannot happen: a start reaches `at`.
  // Only suspect bases reach past `at`, so the one that reaches furthest is one of them.
  const skipped =
    at < furthest.at ? suspects.find((s) => s.id === furthest.start.base.id) : undefined;
  return { ...choice, at, ...(skipped && { note: passedOver(skipped, choice.start) }) };
}

function trustedStarts(
  starts: readonly Start[],
  suspects: readonly SuspectBase[],
): readonly Start[] {
  if (suspects.length === 0) return starts;
  const ids = new Set(suspects.map((s) => s.id));
  return starts.filter((s) => !ids.has(s.base.id));
}

function passedOver(skipped: SuspectBase, instead: Start): SuspectNote {
  const message = `passed over a suspect base: ${suspectText(skipped)}; using the ${instead.base.type} of ${utcMinutes(instead.base.at)} instead`;
  return { message, unavoidable: false, bases: [suspectFigures(skipped)] };
}

/**
 * What a restore read from, told by its backup_id: a managed backup's key
 * `<hex>:<source service id>:<pod>`, the source service id itself for a
 * point-in-time restore, or else a file in an external bucket. One reading
 * for the audit's drill credit and the restore tools' text.
 * (A point-in-time restore's backup_id being its source service id is what
 * the vendor's examples suggest; RESTORES-NOTES leaves it open.)
 */
export type RestoreSource =
  | { kind: "backup"; service: string }
  | { kind: "point-in-time"; service: string }
  | { kind: "file" };

const KEY_HEX = /^[0-9a-f]{8,}$/i;

export function restoreSourceOf(backupId: string): RestoreSource {
  const parts = backupId.split(":");
  const [hex, service] = parts;
  if (parts.length === 3 && KEY_HEX.test(hex ?? "") && SERVICE_ID_PATTERN.test(service ?? ""))
    return { kind: "backup", service: service ?? "" };
  if (SERVICE_ID_PATTERN.test(backupId)) return { kind: "point-in-time", service: backupId };
  return { kind: "file" };
}

/**
 * What a restore loses when schedules stop: the one rule behind the
 * audit's suspended-schedule findings and the warnings a pause, delete or
 * type change previews. Inputs are the types of the active recurring
 * schedules before and after; callers word the result for their reader.
 */
export type LostProtection =
  /** No binarylog schedule stays active: point-in-time recovery ends. */
  | "pitr"
  /** No full, snapshot or dump schedule stays active: no new base backup. */
  | "base"
  /** Incrementals stay but only dumps or snapshots remain: incrementals build on a full. */
  | "full_base";

export function lostProtection(
  before: readonly string[],
  after: readonly string[],
): Set<LostProtection> {
  const had = (types: readonly string[], match: (type: string) => boolean) => types.some(match);
  const binlog = (type: string) => type === "binarylog";
  const full = (type: string) => type === "full";
  const lost = new Set<LostProtection>();
  if (had(before, binlog) && !had(after, binlog)) lost.add("pitr");
  if (had(before, isBaseType) && !had(after, isBaseType)) lost.add("base");
  else if (
    had(before, full) &&
    !had(after, full) &&
    had(after, (type) => type === "incremental") &&
    had(after, isBaseType)
  )
    lost.add("full_base");
  return lost;
}
