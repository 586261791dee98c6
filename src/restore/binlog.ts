/**
 * Binary-log coverage, the part of point-in-time recovery that can break.
 *
 * Semantics (shared with the emulator, see src/emulator/timeline.ts): a
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
import { ascending, firstReached } from "../util/sorted.js";

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
export class BinlogTimes {
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
export function segmentAt(segments: readonly Segment[], at: number): Segment | undefined {
  // Segments are sorted and disjoint: the first that ends at or after `at` is the only candidate.
  const s = segments[firstReached(segments.length, (i) => (segments[i]?.end ?? Infinity) >= at)];
  return s !== undefined && at >= s.start ? s : undefined;
}
