/**
 * Which suspended schedules a resume undoes. The server keeps no state, so a
 * pause hands back the ids it suspended (its `resume_with`), and a resume
 * given those ids undoes exactly that pause. A resume given no ids judges
 * from `updated_at`: a pause's PATCHes land within seconds of each other, so
 * the suspensions within ONE_PAUSE_SPAN_MS of the newest one are the last
 * pause; anything suspended earlier (or with no readable date) was suspended
 * on purpose by someone, and is named and left unless asked for by id.
 */
import { shownId, type Schedule } from "../../api/records.js";
import { apiTimeText } from "../../util/format.js";
import { MINUTE_MS, parseApiTime } from "../../util/time.js";

const ONE_PAUSE_SPAN_MS = 10 * MINUTE_MS;

export interface ResumeSplit {
  /** Resumed by this call. */
  resume: Schedule[];
  /** Suspended, and left so: suspended before the last pause, or not among the ids asked for. */
  keep: Schedule[];
}

/** Splits a service's suspended recurring schedules into what a resume undoes and what it leaves. */
export function splitForResume(
  suspended: readonly Schedule[],
  askedIds: readonly number[] | undefined,
): ResumeSplit {
  if (askedIds !== undefined) {
    const asked = new Set(askedIds.map(String));
    return {
      resume: suspended.filter((s) => asked.has(String(s.id))),
      keep: suspended.filter((s) => !asked.has(String(s.id))),
    };
  }
  const times = suspended.map((s) => parseApiTime(s.updated_at));
  const known = times.filter((t): t is number => t !== undefined);
  if (known.length === 0) return { resume: [], keep: [...suspended] };
  const lastPauseFrom = Math.max(...known) - ONE_PAUSE_SPAN_MS;
  const inLastPause = (index: number) => (times[index] ?? -Infinity) >= lastPauseFrom;
  return {
    resume: suspended.filter((_, index) => inLastPause(index)),
    keep: suspended.filter((_, index) => !inLastPause(index)),
  };
}

/** "#9 (suspended since 2026-11-02 10:00 UTC)", or "(date unknown)" when the API gave none. */
export function suspendedSince(schedule: Schedule): string {
  const since = parseApiTime(schedule.updated_at);
  return `#${shownId(schedule)} (${since === undefined ? "suspension date unknown" : `suspended since ${apiTimeText(schedule.updated_at)}`})`;
}
