/**
 * plan_restore's engine: pure, given a service's backups, a target moment
 * and the clock. It never restores; it says whether the target is
 * reachable, which backups to apply in which order, and if not, why and
 * which moments nearby are reachable.
 *
 * The chain for a reachable target T: the newest base whose point is at or
 * before T (an older base only if the newest cannot reach T, which happens
 * when a newer base lacks incrementals an older one has); its successful
 * incrementals at or before T, oldest first; then the binlog backups after
 * the last of those, through the first whose point_in_time is >= T.
 */
import type { Backup } from "../api/schemas.js";
import { restorePoints, type Known, type RestorePoints, type Start } from "./points.js";
import { whyUnreachable, type RestoreReason } from "./reasons.js";
import { isoSeconds, utcSeconds } from "../util/time.js";

export type StepRole = "base" | "incremental" | "binlog";

export interface RestoreStep {
  role: StepRole;
  type: string;
  id: string;
  point_in_time: string;
}

export interface RestorePlan {
  restorable: boolean;
  /** The moment asked for (for "latest", the newest reachable one); absent when nothing is reachable. */
  target_time?: string;
  latest: boolean;
  /** Exactly where the chain leaves the database (equals target_time when restorable). */
  point?: string;
  chain: RestoreStep[];
  reason?: RestoreReason;
  nearest_before?: string;
  nearest_after?: string;
}

export type Target = number | "latest";

/** A target after `now` cannot be planned: the backups that would reach it do not exist yet. */
export function futureTargetProblem(target: Target, nowMs: number): string | undefined {
  if (target === "latest" || target <= nowMs) return undefined;
  return `target_time ${utcSeconds(target)} is in the future (now ${utcSeconds(nowMs)}); pass a past moment or "latest"`;
}

export function planRestore(backups: Iterable<Backup>, target: Target, nowMs: number): RestorePlan {
  const problem = futureTargetProblem(target, nowMs);
  if (problem !== undefined) throw new RangeError(problem);
  const points = restorePoints(backups);
  if (target !== "latest") return planFor(points, target, false);
  const newest = maxOf(points.starts.map((s) => s.reach));
  if (newest === undefined) {
    return {
      restorable: false,
      latest: true,
      chain: [],
      reason: whyUnreachable(points, undefined),
    };
  }
  return planFor(points, newest, true);
}

function planFor(points: RestorePoints, target: number, latest: boolean): RestorePlan {
  const candidates = points.starts.filter((s) => s.at <= target);
  const chosen = chooseStart(candidates, target);
  if (chosen !== undefined) {
    return {
      restorable: true,
      target_time: isoSeconds(target),
      latest,
      point: isoSeconds(target),
      chain: chainOf(chosen, points.binlogs, target),
    };
  }
  const best = candidates.at(-1);
  const before = maxOf(candidates.map((s) => Math.min(s.reach, target)));
  const after = points.starts.find((s) => s.at > target);
  return {
    restorable: false,
    target_time: isoSeconds(target),
    latest,
    chain: [],
    reason: whyUnreachable(points, best && { from: best.at, to: target }),
    ...(before !== undefined && { nearest_before: isoSeconds(before) }),
    ...(after !== undefined && { nearest_after: isoSeconds(after.at) }),
  };
}

/** Newest base first; for each, its latest start at or before the target. */
function chooseStart(candidates: readonly Start[], target: number): Start | undefined {
  const latestPerBase = new Map<string, Start>();
  for (const start of candidates) latestPerBase.set(start.base.id, start);
  const byBaseNewest = [...latestPerBase.values()].sort((a, b) => b.base.at - a.base.at);
  return byBaseNewest.find((start) => start.reach >= target);
}

function chainOf(start: Start, binlogs: readonly Known[], target: number): RestoreStep[] {
  const steps: RestoreStep[] = [step("base", start.base)];
  for (const inc of start.incrementals) steps.push(step("incremental", inc));
  if (target > start.at) {
    for (const binlog of binlogs) {
      if (binlog.at <= start.at) continue;
      steps.push(step("binlog", binlog));
      if (binlog.at >= target) break;
    }
  }
  return steps;
}

function step(role: StepRole, known: Known): RestoreStep {
  return { role, type: known.type, id: known.id, point_in_time: isoSeconds(known.at) };
}

/** Math.max without spreading: a service may have tens of thousands of starts. */
function maxOf(values: readonly number[]): number | undefined {
  let max: number | undefined;
  for (const v of values) if (max === undefined || v > max) max = v;
  return max;
}
