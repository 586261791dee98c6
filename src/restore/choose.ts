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
import type { Known, Start } from "./points.js";
import { HOUR_MS, hoursBetween } from "../util/time.js";
import { firstReached } from "../util/sorted.js";

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
export function chooseStart(
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
