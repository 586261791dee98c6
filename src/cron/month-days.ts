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
