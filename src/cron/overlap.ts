/**
 * Detects two schedules starting backups in the same minute, which the API
 * allows but which doubles the load on the service at that moment.
 */
import { checkCron } from "./parse.js";
import { isoMinute } from "./preview.js";
import { DAY_MS } from "../util/time.js";

// Only two dense, interleaved schedules (e.g. even vs odd minutes) get near this.
const MAX_STEPS = 5_000;

export interface ExistingSchedule {
  id?: number;
  schedule?: string;
  type?: string;
  suspended?: boolean;
}

export interface ScheduleOverlap {
  id?: number;
  schedule: string;
  type?: string;
  first_overlap: string;
}

/**
 * The first minute after `now`, within `horizonDays`, at which both crons
 * fire. "once", invalid crons, and giving up after MAX_STEPS all mean none.
 */
export function firesInSameMinute(
  a: string,
  b: string,
  now: Date,
  horizonDays = 31,
): string | undefined {
  if (a === "once" || b === "once") return undefined;
  const first = checkCron(a, now);
  const second = checkCron(b, now);
  if (!first.ok || !second.ok) return undefined;
  const end = now.getTime() + horizonDays * DAY_MS;
  // Leapfrog: take one cron's next fire after the cursor and ask the other if
  // it fires then too; if not, swap roles from there. A shared minute cannot
  // hide between steps (it would be the lead's next fire), and every other
  // step lands on a fire of the sparser cron, so a daily and an hourly cron
  // take about two steps a day rather than 1,440 minute checks.
  let [lead, other] = [first.expression, second.expression];
  let cursor = now;
  try {
    for (let step = 0; step < MAX_STEPS; step++) {
      lead.reset(cursor);
      const fire = lead.next().toDate();
      if (fire.getTime() > end) return undefined;
      if (other.includesDate(fire)) return isoMinute(fire);
      cursor = fire;
      [lead, other] = [other, lead];
    }
  } catch {
    // next() throws when a cron has no more dates, so there is no overlap.
  }
  return undefined;
}

/** Active schedules in `existing` that share a minute with `candidate`. */
export function findOverlaps(
  candidate: string,
  existing: readonly ExistingSchedule[],
  now: Date,
  horizonDays = 31,
): ScheduleOverlap[] {
  const overlaps: ScheduleOverlap[] = [];
  for (const { id, schedule, type, suspended } of existing) {
    if (suspended === true || !schedule) continue;
    const firstOverlap = firesInSameMinute(candidate, schedule, now, horizonDays);
    if (firstOverlap !== undefined) {
      overlaps.push({ id, schedule, type, first_overlap: firstOverlap });
    }
  }
  return overlaps;
}
