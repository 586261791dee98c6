/**
 * Which chain a DBA would pick among the valid ones for a target: the one
 * with the fewest steps (each backup is a download and a prepare or load),
 * then the least binary-log replay (replay re-executes every change, the
 * slowest part), then the newest base. So a full + 2 incrementals + 6
 * binlogs beats a newer dump + 15 binlogs.
 */
import type { Known, Start } from "./points.js";

export interface ChainCost {
  incrementals: number;
  binlogs: number;
  steps: number;
  /** Time span of changes replayed from binary logs, in ms. */
  replayMs: number;
}

/** Beyond these a restore is long enough to say so (hourly binlogs: a day of replay). */
export const LONG_INCREMENTALS = 6;
export const LONG_BINLOGS = 24;
const LONG_REPLAY_MS = 24 * 3_600_000;

/** Index of the first binlog whose point is after `at` (binlogs sorted oldest first). */
function firstAfter(binlogs: readonly Known[], at: number, inclusive: boolean): number {
  let lo = 0;
  let hi = binlogs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const point = binlogs[mid]?.at ?? 0;
    if (point < at || (!inclusive && point === at)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/** The best valid start for the target, or undefined when no start reaches it. */
export function chooseStart(
  starts: readonly Start[],
  binlogs: readonly Known[],
  target: number,
): Start | undefined {
  let best: { start: Start; cost: ChainCost } | undefined;
  for (const start of starts) {
    if (start.at > target || start.reach < target) continue;
    const cost = costOf(start, binlogs, target);
    if (best === undefined || better(start, cost, best.start, best.cost)) best = { start, cost };
  }
  return best?.start;
}

function better(a: Start, ac: ChainCost, b: Start, bc: ChainCost): boolean {
  if (ac.steps !== bc.steps) return ac.steps < bc.steps;
  if (ac.replayMs !== bc.replayMs) return ac.replayMs < bc.replayMs;
  return a.base.at > b.base.at;
}

/** A sentence when the chain makes a long restore; undefined for a short one. */
export function longRestore(cost: ChainCost): string | undefined {
  const parts: string[] = [];
  if (cost.incrementals > LONG_INCREMENTALS)
    parts.push(`${cost.incrementals} incrementals to apply`);
  if (cost.binlogs > LONG_BINLOGS || cost.replayMs > LONG_REPLAY_MS) {
    const hours = Math.round(cost.replayMs / 360_000) / 10;
    parts.push(`${cost.binlogs} binary logs (${hours}h of changes) to replay`);
  }
  if (parts.length === 0) return undefined;
  return `long restore: ${parts.join(" and ")}; a newer full backup would shorten it`;
}
