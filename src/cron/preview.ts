/**
 * When a schedule fires, as ISO 8601 UTC strings. The clock is always passed
 * in so tools and tests agree on "now".
 */
import { isoSeconds } from "../util/format.js";
import { checkCron } from "./parse.js";
import { describeSchedule } from "./describe.js";

export interface SchedulePreview {
  description: string;
  next_runs: string[];
}

/** The next `count` fire times strictly after `now`; [] for "once" or an invalid cron. */
export function nextRuns(schedule: string, now: Date, count = 3): string[] {
  if (schedule === "once" || count <= 0) return [];
  const check = checkCron(schedule, now);
  if (!check.ok) return [];
  // take() stops early, without throwing, if the cron runs out of dates.
  return check.expression.take(Math.floor(count)).map((date) => isoMinute(date.toDate()));
}

/** The most recent fire time at or before `now`, i.e. when a backup was last due. */
export function previousRun(schedule: string, now: Date): string | undefined {
  if (schedule === "once") return undefined;
  // prev() is strictly before its start, so start 1 ms late to include `now` itself.
  const check = checkCron(schedule, new Date(now.getTime() + 1));
  if (!check.ok) return undefined;
  try {
    return isoMinute(check.expression.prev().toDate());
  } catch {
    return undefined;
  }
}

export function previewSchedule(schedule: string, now: Date): SchedulePreview {
  return { description: describeSchedule(schedule, now), next_runs: nextRuns(schedule, now) };
}

/** Cron times are whole minutes, so the milliseconds are only noise. */
export function isoMinute(date: Date): string {
  return isoSeconds(date.getTime());
}
