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
import { firstReached } from "../util/sorted.js";

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

function fileNumber(file: string | undefined): { stem: string; n: number } | undefined {
  const match = file === undefined ? null : /^(.*)\.(\d+)$/.exec(file);
  return match ? { stem: match[1] ?? "", n: Number(match[2]) } : undefined;
}

function consecutiveFiles(a: BinlogPoint, b: BinlogPoint): boolean {
  const fa = fileNumber(a.file);
  const fb = fileNumber(b.file);
  return fa !== undefined && fb !== undefined && fa.stem === fb.stem && fb.n === fa.n + 1;
}

function medianStep(sorted: readonly BinlogPoint[]): number {
  const steps: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    steps.push((sorted[i]?.at ?? 0) - (sorted[i - 1]?.at ?? 0));
  }
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? 0;
}

/**
 * Points in any order (duplicates allowed) -> disjoint segments, oldest first.
 * `breaks` are moments a restore replaced the service's data: the binary log
 * starts a new timeline there (numbering and GTIDs restart), so no segment
 * joins across one, as pgBackRest and Barman treat timelines.
 */
export function binlogSegments(
  points: readonly BinlogPoint[],
  breaks: readonly number[] = [],
): Segment[] {
  const byTime = new Map<number, BinlogPoint>();
  for (const p of points) if (Number.isFinite(p.at)) byTime.set(p.at, p);
  const sorted = [...byTime.values()].sort((a, b) => a.at - b.at);
  const limit = medianStep(sorted) * GAP_FACTOR;
  const segments: Segment[] = [];
  let previous: BinlogPoint | undefined;
  for (const point of sorted) {
    const current = segments.at(-1);
    const joins =
      previous !== undefined &&
      current !== undefined &&
      !breaks.some((b) => b > (previous?.at ?? Infinity) && b <= point.at) &&
      (point.at - previous.at <= limit || consecutiveFiles(previous, point));
    if (joins && current) current.end = point.at;
    else segments.push({ start: point.at, end: point.at });
    previous = point;
  }
  return segments;
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
