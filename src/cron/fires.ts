/**
 * When a cron fires, computed from the fields cron-parser reads (so the
 * meaning of a cron is cron-parser's), with UTC arithmetic on numbers. The
 * audit asks for thousands of fires per account: cron-parser steps through
 * luxon dates at tens of kilobytes a step, which was a third of the audit's
 * allocation for 160 schedules sharing 5 crons. Here a fire costs a few
 * Date.UTC calls and one reused Date, and each distinct cron is read once.
 * test/unit/cron/fires.test.ts checks every answer against cron-parser's.
 */
import { describeSchedule } from "./describe.js";
import { checkCron } from "./parse.js";
import { isoSeconds } from "../util/format.js";
import { MINUTE_MS, DAY_MS } from "../util/time.js";

/**
 * How far a search looks before it says "never": "0 0 29 2 *" waits up to 8 years
 * (2096 to 2104, 2100 is no leap year).
 */
const SEARCH_MS = 9 * 366 * 24 * 60 * MINUTE_MS;

type Fields = Extract<ReturnType<typeof checkCron>, { ok: true }>["expression"]["fields"];

export class CronFires {
  private readonly months: boolean[];
  private readonly days: boolean[];
  private readonly weekdays: boolean[];
  private readonly domWild: boolean;
  private readonly dowWild: boolean;
  /** For each hour (minute): the first allowed one at or after it, or -1. */
  private readonly hourFrom: number[];
  private readonly minuteFrom: number[];
  /** For each hour (minute): the last allowed one at or before it, or -1. */
  private readonly hourUpTo: number[];
  private readonly minuteUpTo: number[];
  /** Reused by every step: a fire allocates nothing. */
  private readonly date = new Date(0);
  /**
   * For a cron that fires at the same minutes every day ("* * * * *", "0 *\/6 * * *"), the
   * longest wait between two fires; undefined for crons whose days vary (weekdays, day 31).
   */
  readonly dailyGapMs: number | undefined;

  constructor(fields: Fields) {
    this.months = table(13, fields.month.values);
    this.days = table(32, fields.dayOfMonth.values);
    // Day of week 7 is Sunday, as 0 is.
    this.weekdays = table(
      7,
      fields.dayOfWeek.values.map((v) => (v === 7 ? 0 : v)),
    );
    this.domWild = fields.dayOfMonth.isWildcard;
    this.dowWild = fields.dayOfWeek.isWildcard;
    const hours = table(24, fields.hour.values);
    const minutes = table(60, fields.minute.values);
    this.hourFrom = firstFrom(hours);
    this.minuteFrom = firstFrom(minutes);
    this.hourUpTo = lastUpTo(hours);
    this.minuteUpTo = lastUpTo(minutes);
    const everyDay = this.months.slice(1).every(Boolean) && this.domWild && this.dowWild;
    this.dailyGapMs = everyDay ? longestDailyGap(hours, minutes) : undefined;
  }

  /** The first fire strictly after `ms`, or undefined when none comes within the search. */
  next(ms: number): number | undefined {
    let t = Math.floor(ms / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const end = t + SEARCH_MS;
    const d = this.date;
    while (t <= end) {
      d.setTime(t);
      const y = d.getUTCFullYear();
      const mo = d.getUTCMonth();
      const day = d.getUTCDate();
      if (!this.months[mo + 1]) {
        t = Date.UTC(y, mo + 1, 1);
        continue;
      }
      if (!this.dayFires(day, d.getUTCDay())) {
        t = Date.UTC(y, mo, day + 1);
        continue;
      }
      const h = this.hourFrom[d.getUTCHours()] ?? -1;
      if (h < 0) {
        t = Date.UTC(y, mo, day + 1);
        continue;
      }
      if (h !== d.getUTCHours()) {
        t = Date.UTC(y, mo, day, h);
        continue;
      }
      const m = this.minuteFrom[d.getUTCMinutes()] ?? -1;
      if (m < 0) {
        t = Date.UTC(y, mo, day, h + 1);
        continue;
      }
      return Date.UTC(y, mo, day, h, m);
    }
    return undefined;
  }

  /** The last fire strictly before `ms`, or undefined when none lies within the search. */
  prev(ms: number): number | undefined {
    let t = Math.ceil(ms / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const end = t - SEARCH_MS;
    const d = this.date;
    while (t >= end) {
      d.setTime(t);
      const y = d.getUTCFullYear();
      const mo = d.getUTCMonth();
      const day = d.getUTCDate();
      if (!this.months[mo + 1]) {
        t = Date.UTC(y, mo, 1) - MINUTE_MS;
        continue;
      }
      if (!this.dayFires(day, d.getUTCDay())) {
        t = Date.UTC(y, mo, day) - MINUTE_MS;
        continue;
      }
      const h = this.hourUpTo[d.getUTCHours()] ?? -1;
      if (h < 0) {
        t = Date.UTC(y, mo, day) - MINUTE_MS;
        continue;
      }
      if (h !== d.getUTCHours()) {
        t = Date.UTC(y, mo, day, h, 59);
        continue;
      }
      const m = this.minuteUpTo[d.getUTCMinutes()] ?? -1;
      if (m < 0) {
        t = Date.UTC(y, mo, day, h) - MINUTE_MS;
        continue;
      }
      return Date.UTC(y, mo, day, h, m);
    }
    return undefined;
  }

  /** Up to `count` fires strictly after `ms`, oldest first. */
  take(ms: number, count: number): number[] {
    const out: number[] = [];
    let at: number | undefined = ms;
    while (out.length < count && (at = this.next(at)) !== undefined) out.push(at);
    return out;
  }

  /**
   * Vixie cron's day rule, as cron-parser applies it: with both day fields restricted either
   * may match; with one a wildcard, the other decides.
   */
  private dayFires(day: number, weekday: number): boolean {
    const dom = this.days[day] === true;
    const dow = this.weekdays[weekday] === true;
    if (!this.domWild && !this.dowWild) return dom || dow;
    if (!this.domWild) return dom;
    if (!this.dowWild) return dow;
    return dom;
  }
}

/**
 * The fires of a schedule's cron; undefined for "once" or a cron checkCron refuses. Crons
 * are few and often shared, so each distinct text is read once (a few hundred kept).
 */
export function cronFires(cron: string): CronFires | undefined {
  if (cron === "once") return undefined;
  if (READ.has(cron)) return READ.get(cron);
  const check = checkCron(cron);
  const fires = check.ok ? new CronFires(check.expression.fields) : undefined;
  if (READ.size >= READ_MAX) READ.clear();
  READ.set(cron, fires);
  return fires;
}

const READ = new Map<string, CronFires | undefined>();
const READ_MAX = 512;

function longestDailyGap(
  hours: readonly boolean[],
  minutes: readonly boolean[],
): number | undefined {
  const times: number[] = [];
  for (let h = 0; h < 24; h++)
    for (let m = 0; m < 60; m++) if (hours[h] && minutes[m]) times.push(h * 60 + m);
  const first = times[0];
  if (first === undefined) return undefined;
  let gap = first + 24 * 60 - (times.at(-1) ?? first);
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return gap * MINUTE_MS;
}

function table(size: number, values: readonly (number | string)[]): boolean[] {
  const out = new Array<boolean>(size).fill(false);
  for (const v of values) if (typeof v === "number" && v >= 0 && v < size) out[v] = true;
  return out;
}

function firstFrom(allowed: readonly boolean[]): number[] {
  const out = new Array<number>(allowed.length).fill(-1);
  let next = -1;
  for (let i = allowed.length - 1; i >= 0; i--) {
    if (allowed[i]) next = i;
    out[i] = next;
  }
  return out;
}

function lastUpTo(allowed: readonly boolean[]): number[] {
  const out = new Array<number>(allowed.length).fill(-1);
  let last = -1;
  for (let i = 0; i < allowed.length; i++) {
    if (allowed[i]) last = i;
    out[i] = last;
  }
  return out;
}

/**
 * When a schedule fires, as ISO 8601 UTC strings. The clock is always passed
 * in so tools and tests agree on "now".
 */
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
function isoMinute(date: Date): string {
  return isoSeconds(date.getTime());
}

/**
 * Detects two schedules starting backups in the same minute, which the API
 * allows but which doubles the load on the service at that moment.
 */
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
