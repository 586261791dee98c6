/**
 * Schedules are "once" or a standard 5-field cron expression in UTC. The
 * real API is a Go service, so the Quartz-style extensions cron-parser also
 * understands (seconds, L, #, H, ?, @daily) are refused rather than sent.
 */
import { clip } from "../util/format.js";
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { Settings } from "luxon";
import { isBaseType } from "../api/records.js";

/**
 * cron-parser keeps its dates in luxon, which on the first date asks ICU for the system
 * locale: 6 MB of locale data paged into the server's memory for a locale no answer uses
 * (every time here is UTC, and descriptions come from cronstrue). Naming one skips the lookup.
 */
Settings.defaultLocale = "en-US";

const CRON_HELP =
  'Use "once" or a 5-field cron in UTC: minute hour day-of-month month day-of-week, e.g. "0 2 * * *" (every day at 02:00) or "30 */6 * * 1-5"';

const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const FIELD_SYNTAX = /^[0-9A-Za-z*,\-/]+$/;
const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

export type CronCheck = { ok: true; expression: CronExpression } | { ok: false; reason: string };

// Separators are spaces or tabs; CR, LF, NBSP or a BOM would reach the API inside the string.
const ODD_CHARACTERS = /[^\x20-\x7e\t]/;

export function checkCron(text: string, currentDate: Date = new Date()): CronCheck {
  if (ODD_CHARACTERS.test(text)) {
    return {
      ok: false,
      reason: `the schedule contains a control or non-ASCII character. ${CRON_HELP}`,
    };
  }
  const fields = text.trim().split(/[ \t]+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      reason: `"${clip(text, 40)}" has ${fields.length} field(s), not 5. ${CRON_HELP}`,
    };
  }
  for (const [index, field] of fields.entries()) {
    const name = FIELD_NAMES[index] ?? "field";
    const words = field.match(/[A-Za-z]+/g) ?? [];
    if (!FIELD_SYNTAX.test(field) || words.some((word) => !NAMES.test(word))) {
      return {
        ok: false,
        reason: `the ${name} field "${clip(field, 40)}" is not valid. ${CRON_HELP}`,
      };
    }
  }
  try {
    const expression = CronExpressionParser.parse(normalised(fields), {
      tz: "UTC",
      currentDate,
    });
    return { ok: true, expression };
  } catch (error) {
    const never = neverFires(fields);
    return {
      ok: false,
      reason:
        never === undefined
          ? `"${clip(text, 40)}" is not a valid cron (${(error as Error).message}). ${CRON_HELP}`
          : `"${clip(text, 40)}" never fires: ${never}. ${CRON_HELP}`,
    };
  }
}

/**
 * Why a day-of-month cron that cron-parser refuses never fires ("0 0 30 2 *": February has no
 * day 30), or undefined when that is not the reason.
 */
function neverFires(fields: readonly string[]): string | undefined {
  const [, , dayField, monthField, weekdayField] = fields;
  if (weekdayField !== "*" || dayField === undefined || monthField === undefined) return undefined;
  try {
    const numbers = (values: readonly (number | string)[]) =>
      values.filter((v): v is number => typeof v === "number");
    const days = numbers(
      CronExpressionParser.parse(`0 0 ${dayField} * *`).fields.dayOfMonth.values,
    );
    const months = numbers(CronExpressionParser.parse(`0 0 * ${monthField} *`).fields.month.values);
    const misses = monthMisses(days, months);
    if (misses === undefined || misses.never.length !== months.length) return undefined;
    const first = Math.min(...days);
    return `${monthList(months)} ${months.length === 1 ? "has" : "have"} no day ${first}`;
  } catch {
    return undefined;
  }
}

const FIELD_KEYS = ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"] as const;

/**
 * Normalising a list field costs a parse per item, and the audit checks each
 * schedule's cron several times: a few hundred distinct crons are remembered.
 */
const NORMALISED = new Map<string, string>();
const NORMALISED_MAX = 512;

function normalised(fields: readonly string[]): string {
  const key = fields.join(" ");
  let text = NORMALISED.get(key);
  if (text === undefined) {
    text = withoutRepeats(fields).join(" ");
    if (NORMALISED.size >= NORMALISED_MAX) NORMALISED.clear();
    NORMALISED.set(key, text);
  }
  return text;
}

/**
 * Standard cron accepts overlapping list items ("*\/15,30", "0 2 * * 0,7");
 * cron-parser refuses repeated values. Each list is expanded item by item
 * with cron-parser itself and rewritten as its distinct values, so the
 * preview matches what the API will run. The text sent to the API is the
 * user's own.
 */
function withoutRepeats(fields: readonly string[]): string[] {
  return fields.map((field, index) => {
    if (!field.includes(",")) return field;
    const key = FIELD_KEYS[index];
    if (key === undefined) return field;
    const values = new Set<number>();
    for (const item of field.split(",")) {
      const probe = fields.map((_, i) => (i === index ? item : "*")).join(" ");
      for (const value of CronExpressionParser.parse(probe, { tz: "UTC" }).fields[key].values) {
        // Day of week 7 is Sunday, as 0 is.
        if (typeof value === "number") values.add(key === "dayOfWeek" && value === 7 ? 0 : value);
      }
    }
    return [...values].sort((a, b) => a - b).join(",");
  });
}

/** True when two schedules fire at exactly the same times ("0 2 * * 0" and "0 02 * * 7"). */
export function sameSchedule(a: string, b: string): boolean {
  if (a === "once" || b === "once") return a === b;
  const x = checkCron(a);
  const y = checkCron(b);
  if (!x.ok || !y.ok)
    return (
      a
        .trim()
        .split(/[ \t]+/)
        .join(" ") ===
      b
        .trim()
        .split(/[ \t]+/)
        .join(" ")
    );
  return firingKey(x.expression.fields) === firingKey(y.expression.fields);
}

type Fields = ReturnType<typeof CronExpressionParser.parse>["fields"];

/**
 * What decides when a cron fires, in a form two equal schedules share:
 * minute, hour and month values, and the day rule as cron-parser applies it
 * (a wildcard day field defers to the other; two restricted ones match
 * either). "0 2 * * 0-6" and "0 2 * * *" both fire every day.
 */
function firingKey(fields: Fields): string {
  const set = (values: readonly unknown[], fold: (n: number) => number = (n) => n) =>
    [...new Set(values.filter((v): v is number => typeof v === "number").map(fold))]
      .sort((a, b) => a - b)
      .join(",");
  const dom = set(fields.dayOfMonth.values);
  const dow = set(fields.dayOfWeek.values, (day) => (day === 7 ? 0 : day));
  // "L" and "#" days are rare here; compare their raw values rather than reason about them.
  const special = fields.dayOfMonth.hasLastChar || fields.dayOfWeek.hasLastChar;
  const everyDom = dom === set(Array.from({ length: 31 }, (_, i) => i + 1));
  const everyDow = dow === "0,1,2,3,4,5,6";
  const domWild = fields.dayOfMonth.isWildcard;
  const dowWild = fields.dayOfWeek.isWildcard;
  let days: string;
  if (special) days = `raw:${dom}|${dow}`;
  else if (domWild && dowWild) days = "every";
  else if (domWild) days = everyDow ? "every" : `dow:${dow}`;
  else if (dowWild) days = everyDom ? "every" : `dom:${dom}`;
  else days = everyDom || everyDow ? "every" : `dom:${dom}|dow:${dow}`;
  return [set(fields.minute.values), set(fields.hour.values), set(fields.month.values), days].join(
    " ",
  );
}

/** Returns an error message for a schedule value, or undefined when it is valid. */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule === "once") return undefined;
  const check = checkCron(schedule);
  return check.ok ? undefined : check.reason;
}

/**
 * Whether a cron fires more often than hourly. A valid 5-field cron with two
 * or more minutes in its minute field fires twice within some hour; with one
 * minute its runs are whole hours apart. So counting minutes is exact.
 */
// Base backups copy the whole database: more often than hourly is almost always a mistake.

function firesMoreThanHourly(cron: string): boolean {
  if (cron === "once") return false;
  const check = checkCron(cron);
  return check.ok && check.expression.fields.minute.values.length > 1;
}

/** The refusal for a full/dump/snapshot cron that fires more than hourly, or undefined when fine. */
export function frequentBaseProblem(
  type: string | undefined,
  cron: string | undefined,
): string | undefined {
  if (type === undefined || cron === undefined || !isBaseType(type)) return undefined;
  if (!firesMoreThanHourly(cron)) return undefined;
  return `"${cron}" starts a ${type} backup more than once an hour; each copies the whole database`;
}

export const FREQUENT_ADVICE =
  "For frequent recovery points use binarylog or incremental, or pass allow_frequent: true if this is intended.";

/**
 * Which months a day-of-month cron really fires in. Cron matches "day 31"
 * only in a month that has one, so "0 4 31 * *" runs 7 months a year and
 * "0 2 29 2 *" only in leap years; words that say "every month" would hide
 * a month without any backup.
 */
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** Days in each month (1-12), with February's leap-year 29. */
function daysIn(month: number, leap: boolean): number {
  if (month === 2) return leap ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface MonthMisses {
  /** Listed months in which no listed day ever exists. */
  never: number[];
  /** February is listed and fires only in leap years (its only listed day is the 29th). */
  leapOnlyFebruary: boolean;
  /** Every listed month fires only in leap years: a February 29 cron. */
  leapYearsOnly: boolean;
}

/**
 * The months of `months` (1-12) that none of `days` (1-31) falls in, in common and leap
 * years; undefined when every listed month fires every year.
 */
export function monthMisses(
  days: readonly number[],
  months: readonly number[],
): MonthMisses | undefined {
  const first = Math.min(...days);
  if (!Number.isFinite(first)) return undefined;
  const never = months.filter((m) => first > daysIn(m, true));
  const leapOnlyFebruary = months.includes(2) && first > daysIn(2, false) && first <= 29;
  if (never.length === 0 && !leapOnlyFebruary) return undefined;
  return {
    never,
    leapOnlyFebruary,
    leapYearsOnly: leapOnlyFebruary && never.length === months.length - 1,
  };
}

/** "February, April and June" */
export function monthList(months: readonly number[]): string {
  const names = months.map((m) => MONTH_NAMES[m - 1] ?? String(m));
  const last = names.pop();
  return names.length === 0 ? (last ?? "") : `${names.join(", ")} and ${last ?? ""}`;
}
