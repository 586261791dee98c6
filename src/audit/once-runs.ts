/**
 * Backups made by one-time schedules. A once run never stands in for a cron
 * run and never says where the listed history starts: it is the first backup
 * of the schedule's type to start after the schedule was created, whenever
 * that is (it may queue behind a running backup), and never one that started
 * before (the cron's own run a minute earlier).
 */
import type { ScheduleFacts } from "./schedule-facts.js";
import { OLDEST_KEPT, type ServiceTally } from "./service-tally.js";

/** created_at and start_time may be rounded differently. */
const SKEW_MS = 5_000;

export const isOnce = (s: ScheduleFacts): boolean => s.schedule.trim().toLowerCase() === "once";

/** Start times, per type, of the backups one-time schedules made. */
export type OnceRuns = ReadonlyMap<string, ReadonlySet<number>>;

/** Finds each once run; the tally is left as it is, so a report can be made again. */
export function findOnceRuns(t: ServiceTally, list: readonly ScheduleFacts[]): OnceRuns {
  const runs = new Map<string, Set<number>>();
  const once = list
    .filter((s) => isOnce(s) && s.createdMs !== undefined)
    .sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
  for (const s of once) {
    const taken = runs.get(s.type) ?? new Set<number>();
    const at = firstStartAfter(t, s.type, (s.createdMs ?? 0) - SKEW_MS, taken);
    if (at === undefined) continue;
    taken.add(at);
    runs.set(s.type, taken);
  }
  return runs;
}

/** Starts of one type without the once runs among them (one each: a start may repeat). */
export function withoutOnceRuns(
  starts: readonly number[],
  runs: ReadonlySet<number> | undefined,
): readonly number[] {
  if (runs === undefined || runs.size === 0) return starts;
  const left = new Set(runs);
  return starts.filter((at) => !left.delete(at));
}

/**
 * The first start at or after `from`, looked up only where the tally knows every start: among
 * the oldest kept of the type, in the window, or among the newest finished ones.
 */
function firstStartAfter(
  t: ServiceTally,
  type: string,
  from: number,
  taken: ReadonlySet<number>,
): number | undefined {
  const first = (list: readonly number[]): number | undefined =>
    list.find((at) => at >= from && !taken.has(at));
  const oldest = t.oldestOf(type);
  const inOldest = first(oldest);
  if (inOldest !== undefined) return inOldest;
  if (from >= t.windowStart) return first(t.attempted.of(type));
  const recent = (t.recent.get(type) ?? []).map((f) => f.at).reverse();
  if (recent.length > 0 && (recent[0] ?? Infinity) <= from) return first(recent);
  return undefined;
}

/** The oldest start of the type that is not a once run: where its listed history begins. */
export function historyFloor(t: ServiceTally, type: string, runs: OnceRuns): number | undefined {
  const oldest = t.oldestOf(type);
  const mine = runs.get(type);
  const floor = oldest.find((at) => mine?.has(at) !== true);
  if (floor !== undefined) return floor;
  // Every kept oldest start was a once run: older ones are unknown, the newest kept is a safe floor.
  return oldest.length >= OLDEST_KEPT ? oldest.at(-1) : undefined;
}

/** The oldest start of any type that is not a once run. */
export function serviceFloor(t: ServiceTally, runs: OnceRuns): number | undefined {
  let floor: number | undefined;
  for (const type of t.typesSeen()) {
    const at = historyFloor(t, type, runs);
    if (at !== undefined && (floor === undefined || at < floor)) floor = at;
  }
  return floor;
}

/** The newest successful start of the type that is not a once run. */
export function newestDelivered(t: ServiceTally, type: string, runs: OnceRuns): number | undefined {
  const mine = runs.get(type);
  const newest = t.newestDeliveredOf.get(type);
  if (newest === undefined || mine?.has(newest) !== true) return newest;
  const ok = (t.recent.get(type) ?? []).find((f) => !f.failed && !mine.has(f.at));
  return ok?.at;
}
