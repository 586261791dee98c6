/**
 * Failure streaks from the newest finished backups. Both the service-wide
 * streak and the worst per-type streak matter: hourly binlog backups that
 * succeed can hide three nightly fulls failing in a row.
 */
import { ascending } from "../util/sorted.js";
export interface Finished {
  at: number;
  failed: boolean;
}

/** Newest finished backups kept per type: enough to measure any streak worth reporting. */
const RECENT_PER_TYPE = 32;

/** Inserts into a newest-first list, keeping only the newest RECENT_PER_TYPE. */
export function keepNewest(list: Finished[], entry: Finished): void {
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
