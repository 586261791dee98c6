/**
 * plan_restore's engine: pure, given a service's backups, a target moment
 * and the clock. It never restores; it says whether the target is
 * reachable, which backups to apply in which order, and if not, why and
 * which moments nearby are reachable.
 *
 * The chain for a reachable target T: a base whose point is at or before T,
 * a prefix of its successful incrementals (oldest first), then the binlog
 * backups after the last of those through the first whose point_in_time is
 * >= T. Among the valid chains the one with the fewest steps and the least
 * log replay wins (choose.ts), a suspect base passed over (start-for.ts,
 * which the nearby points ask too); a long one is said to be long.
 */
import type { Backup } from "../api/records.js";
import {
  FUTURE_SKEW_MS,
  RestoreFacts,
  type FutureRecord,
  type Known,
  type RestorePoints,
  type Start,
} from "./points.js";
import { binlogsFor, costOf, dumpRuleNote, longRestore } from "./choose.js";
import { nearbyPoints, type RestorablePoint } from "./nearby.js";
import { whyUnreachable, type RestoreReason } from "./reasons.js";
import { DEFAULT_MAX_AGE_HOURS } from "./facts.js";
import { BaseSizes, type SuspectBase } from "./suspect.js";
import { latestStart, startFor, type SuspectNote } from "./start-for.js";
import { hoursBetween } from "../util/time.js";
import { isoSeconds, utcSeconds } from "../util/format.js";

type StepRole = "base" | "incremental" | "binlog";

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
  /** Set when the chosen chain makes a long restore (many incrementals or binlogs). */
  long_restore?: string;
  /** Set when preferring a physical base over a dump (or not) decided the chain. */
  base_choice?: string;
  /** For "latest": how old the newest restorable point is, in hours (one decimal). */
  latest_age_hours?: number;
  nearest_before?: string;
  nearest_after?: string;
  /** When not restorable: the exact reachable moments nearest the target, newest first. */
  points_before?: RestorablePoint[];
  /** ... and after it, oldest first. */
  points_after?: RestorablePoint[];
  /** A suspect base (0 bytes, or far under its type's median) passed over, or used for want of another. */
  suspect_base?: SuspectNote;
  /** Successful records dated beyond now: never a point, so none of the above; the newest named. */
  future_records?: { count: number; newest: { id?: string; type: string; time: string } };
}

export type Target = number | "latest";

/** A latest point older than this is warned about: the audit's default recovery-point target. */
export const OLD_LATEST_HOURS = DEFAULT_MAX_AGE_HOURS;

/** A target after `now` cannot be planned: the backups that would reach it do not exist yet. */
export function futureTargetProblem(target: Target, nowMs: number): string | undefined {
  if (target === "latest" || target <= nowMs) return undefined;
  return `target_time ${utcSeconds(target)} is in the future (now ${utcSeconds(nowMs)}); pass a past moment or "latest"`;
}

export function planRestore(
  backups: Iterable<Backup>,
  target: Target,
  nowMs: number,
  /** When restores replaced the service's data (restore/history): timelines binlogs never cross. */
  restoredAt: readonly number[] = [],
): RestorePlan {
  const problem = futureTargetProblem(target, nowMs);
  if (problem !== undefined) throw new RangeError(problem);
  const facts = new RestoreFacts(nowMs);
  for (const at of restoredAt) facts.addTimelineBreak(at);
  const sizes = new BaseSizes(nowMs + FUTURE_SKEW_MS);
  for (const backup of backups) {
    facts.add(backup);
    sizes.add(backup);
  }
  const points = facts.points();
  const suspects = sizes.suspects();
  const future = futureNote(facts.futureCount, facts.firstFuture);
  if (target !== "latest") return { ...planFor(points, suspects, target, false), ...future };
  const newest = latestStart(points, suspects);
  if (newest === undefined) {
    return {
      restorable: false,
      latest: true,
      chain: [],
      reason: whyUnreachable(points, undefined),
      ...future,
    };
  }
  const ageHours = hoursBetween(Math.min(newest.at, nowMs), nowMs);
  // Its own note: a suspect base reaching past the newest trusted point was passed over.
  const plan = planFor(points, suspects, newest.at, true, newest.note);
  return { ...plan, latest_age_hours: ageHours, ...future };
}

function futureNote(
  count: number,
  first: FutureRecord | undefined,
): Pick<RestorePlan, "future_records"> {
  if (count === 0 || first === undefined) return {};
  const newest = { ...(first.id !== undefined && { id: first.id }), type: first.type };
  return { future_records: { count, newest: { ...newest, time: isoSeconds(first.at) } } };
}

function planFor(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  target: number,
  latest: boolean,
  latestNote?: SuspectNote,
): RestorePlan {
  const chosen = startFor(points, suspects, target);
  if (chosen !== undefined) {
    const { start, among } = chosen;
    const cost = costOf(start, points.binlogs, target);
    const long = longRestore(cost);
    const choice = dumpRuleNote({ start, cost }, among, points.binlogs, target);
    const note = latestNote ?? chosen.note;
    return {
      restorable: true,
      target_time: isoSeconds(target),
      latest,
      point: isoSeconds(target),
      chain: chainOf(start, points.binlogs, target),
      ...(long !== undefined && { long_restore: long }),
      ...(choice !== undefined && { base_choice: choice }),
      ...(note !== undefined && { suspect_base: note }),
    };
  }
  const best = points.starts.filter((s) => s.at <= target).at(-1);
  const near = nearbyPoints(points, suspects, target);
  const before = near.before[0]?.point;
  const after = near.after[0]?.point;
  return {
    restorable: false,
    target_time: isoSeconds(target),
    latest,
    chain: [],
    reason: whyUnreachable(points, best && { from: best.at, to: target }),
    ...(before !== undefined && { nearest_before: before }),
    ...(after !== undefined && { nearest_after: after }),
    points_before: near.before,
    points_after: near.after,
  };
}

function chainOf(start: Start, binlogs: readonly Known[], target: number): RestoreStep[] {
  return [
    step("base", start.base),
    ...start.incrementals.map((inc) => step("incremental", inc)),
    ...binlogsFor(start, binlogs, target).map((binlog) => step("binlog", binlog)),
  ];
}

function step(role: StepRole, known: Known): RestoreStep {
  return { role, type: known.type, id: known.id, point_in_time: isoSeconds(known.at) };
}
