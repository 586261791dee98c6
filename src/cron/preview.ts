/**
 * When a schedule fires, as ISO 8601 UTC strings. The clock is always passed
 * in so tools and tests agree on "now".
 */
import { isoSeconds } from "../util/format.js";
import { describeSchedule } from "./describe.js";
import { cronFires } from "./fires.js";

export interface SchedulePreview {
  description: string;
  next_runs: string[];
}

/** The next `count` fire times strictly after `now`; [] for "once" or an invalid cron. */
export function nextRuns(schedule: string, now: Date, count = 3): string[] {
  if (count <= 0) return [];
  const fires = cronFires(schedule);
  if (fires === undefined) return [];
  return fires.take(now.getTime(), Math.floor(count)).map(isoSeconds);
}

/** The most recent fire time at or before `now`, i.e. when a backup was last due. */
export function previousRun(schedule: string, now: Date): string | undefined {
  // prev() is strictly before, so ask from 1 ms later to include `now` itself.
  const at = cronFires(schedule)?.prev(now.getTime() + 1);
  return at === undefined ? undefined : isoSeconds(at);
}

export function previewSchedule(schedule: string, now: Date): SchedulePreview {
  return { description: describeSchedule(schedule, now), next_runs: nextRuns(schedule, now) };
}

/** Cron times are whole minutes, so the milliseconds are only noise. */
export function isoMinute(date: Date): string {
  return isoSeconds(date.getTime());
}
