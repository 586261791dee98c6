/**
 * Turns a schedule into words a model can repeat to a person. cronstrue does
 * the general case; the shapes backups use most (daily, every N hours, weekly,
 * monthly) are worded by hand because cronstrue's phrasing of them ("On the
 * hour, every 6 hours") reads awkwardly and never mentions the time zone.
 */
import cronstrue from "cronstrue";
import type { CronExpression } from "cron-parser";
import { checkCron, monthList, monthMisses, type MonthMisses } from "./parse.js";

type Fields = CronExpression["fields"];

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * Never throws: an invalid schedule is described by the reason it is invalid. With `now`, a
 * cron that fires only in leap years names its next run.
 */
export function describeSchedule(schedule: string, now?: Date): string {
  if (schedule === "once") return "one time, started when created";
  const check = checkCron(schedule, now);
  if (!check.ok) return check.reason;
  const fields = check.expression.fields;
  const misses = missedMonths(fields);
  const next = now === undefined ? undefined : firstFire(check.expression);
  return (
    commonShape(fields, misses, next) ??
    `${generalShape(schedule.trim())}${caveat(misses, fields, next)}`
  );
}

/** Months the cron names but skips: only a day-of-month rule skips any (a weekday rule ORs in). */
function missedMonths(fields: Fields): MonthMisses | undefined {
  if (fields.dayOfMonth.isWildcard || !fields.dayOfWeek.isWildcard) return undefined;
  const numbers = (values: readonly (number | string)[]) =>
    values.filter((v): v is number => typeof v === "number");
  return monthMisses(numbers(fields.dayOfMonth.values), numbers(fields.month.values));
}

function firstFire(expression: { next(): { toISOString(): string | null } }): string | undefined {
  try {
    return expression.next().toISOString()?.slice(0, 10);
  } catch {
    return undefined;
  }
}

function leapNote(next: string | undefined): string {
  return `leap years only${next === undefined ? "" : `; next ${next}`}`;
}

/** What the general wording leaves out: the months with no such day. */
function caveat(misses: MonthMisses | undefined, fields: Fields, next: string | undefined): string {
  if (misses === undefined) return "";
  if (misses.leapYearsOnly) return ` (${leapNote(next)})`;
  const first = Math.min(...fields.dayOfMonth.values.filter((v) => typeof v === "number"));
  const pieces = [
    ...(misses.never.length > 0
      ? [`never in ${monthList(misses.never)}, which have no day ${first}`]
      : []),
    ...(misses.leapOnlyFebruary ? ["February only in leap years"] : []),
  ];
  return ` (${pieces.join("; ")})`;
}

function commonShape(
  fields: Fields,
  misses: MonthMisses | undefined,
  next: string | undefined,
): string | undefined {
  const [minute, ...moreMinutes] = fields.minute.values;
  if (minute === undefined || moreMinutes.length > 0) return undefined;
  if (
    misses?.leapYearsOnly &&
    fields.hour.values.length === 1 &&
    fields.month.values.length === 1
  ) {
    const [hour] = fields.hour.values;
    if (hour !== undefined)
      return `on February 29 at ${clock(hour, minute)} UTC (${leapNote(next)})`;
  }
  if (fields.month.values.length !== 12) return undefined;
  const hours: number[] = fields.hour.values;
  const [hour] = hours;
  if (hour === undefined) return undefined;
  // cron-parser lists Sunday as both 0 and 7 when the field is "*".
  const weekdays = [...new Set(fields.dayOfWeek.values.map((day) => Number(day) % 7))];
  const allWeekdays = weekdays.length === 7;
  const allMonthDays = fields.dayOfMonth.values.length === 31;

  if (allMonthDays && allWeekdays) {
    const step = evenStep(hours);
    if (step === undefined) return undefined;
    if (step === 24) return `every day at ${clock(hour, minute)} UTC`;
    if (step === 1) {
      return minute === 0
        ? "every hour (UTC)"
        : `every hour at ${minute} minutes past the hour (UTC)`;
    }
    return minute === 0 && hour === 0
      ? `every ${step} hours, on the hour (UTC)`
      : `every ${step} hours from ${clock(hour, minute)} UTC`;
  }
  if (hours.length !== 1) return undefined;
  // With a "*" day-of-month, cron fires on the listed weekdays only (no OR).
  const [weekday] = weekdays;
  if (fields.dayOfMonth.isWildcard && weekdays.length === 1 && weekday !== undefined) {
    return `every ${DAY_NAMES[weekday]} at ${clock(hour, minute)} UTC`;
  }
  const [monthDay, ...moreMonthDays] = fields.dayOfMonth.values;
  if (fields.dayOfWeek.isWildcard && moreMonthDays.length === 0 && typeof monthDay === "number") {
    return monthDayWords(monthDay, clock(hour, minute));
  }
  return undefined;
}

/** Day 29-31 of "every month" is not every month: the words say which months it skips. */
function monthDayWords(day: number, at: string): string {
  if (day === 29) return `on day 29 of every month at ${at} UTC (February only in leap years)`;
  if (day === 30) return `on day 30 of every month but February (11 a year) at ${at} UTC`;
  if (day === 31) return `on day 31 of the months that have one (7 a year) at ${at} UTC`;
  return `on day ${day} of every month at ${at} UTC`;
}

/** The gap between hours when they split the day evenly from the first one, e.g. 2,8,14,20 -> 6. */
function evenStep(hours: readonly number[]): number | undefined {
  const step = 24 / hours.length;
  if (!Number.isInteger(step)) return undefined;
  const first = hours[0] ?? 0;
  if (first >= step) return undefined;
  return hours.every((hour, index) => hour === first + index * step) ? step : undefined;
}

function generalShape(expression: string): string {
  let text: string;
  try {
    text = cronstrue.toString(expression, { use24HourTimeFormat: true });
  } catch {
    return `cron "${expression}" (UTC)`;
  }
  text = text.replace(/^(At|Every|On|Between)\b/, (word) => word.toLowerCase());
  // Pin the zone on the last clock time, so "at 03:30, Monday through Friday"
  // becomes "at 03:30 UTC, Monday through Friday"; untimed text gets a suffix.
  const times = [...text.matchAll(/\b\d\d:\d\d\b/g)];
  const last = times.at(-1);
  if (last?.index === undefined) return `${text} (UTC)`;
  const end = last.index + last[0].length;
  return `${text.slice(0, end)} UTC${text.slice(end)}`;
}

function clock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
