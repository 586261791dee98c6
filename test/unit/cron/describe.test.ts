import { describe, expect, it } from "vitest";
import { describeSchedule } from "../../../src/cron/describe.js";
import { checkCron } from "../../../src/cron/parse.js";

const CRON_HELP =
  'Use "once" or a 5-field cron in UTC: minute hour day-of-month month day-of-week, e.g. "0 2 * * *" (every day at 02:00) or "30 */6 * * 1-5"';

describe("describeSchedule", () => {
  it.each([
    ["once", "one time, started when created"],
    ["0 2 * * *", "every day at 02:00 UTC"],
    ["45 23 * * *", "every day at 23:45 UTC"],
    ["0 * * * *", "every hour (UTC)"],
    ["15 * * * *", "every hour at 15 minutes past the hour (UTC)"],
    ["0 */6 * * *", "every 6 hours, on the hour (UTC)"],
    ["0 0,6,12,18 * * *", "every 6 hours, on the hour (UTC)"],
    ["30 */4 * * *", "every 4 hours from 00:30 UTC"],
    ["0 2,14 * * *", "every 12 hours from 02:00 UTC"],
    ["0 2 * * 1", "every Monday at 02:00 UTC"],
    ["0 2 * * sun", "every Sunday at 02:00 UTC"],
    ["0 2 * * 7", "every Sunday at 02:00 UTC"],
    ["0 0 1 * *", "on day 1 of every month at 00:00 UTC"],
  ])("hand-worded common shape %s", (schedule, expected) => {
    expect(describeSchedule(schedule)).toBe(expected);
  });

  it.each([
    ["30 3 * * 1-5", "at 03:30 UTC, Monday through Friday"],
    ["0 2 * * 1,3,5", "at 02:00 UTC, only on Monday, Wednesday, and Friday"],
    ["0 9-17 * * 1-5", "every hour, between 09:00 and 17:00 UTC, Monday through Friday"],
    // Both day fields restricted: cron fires on either, and the words say so.
    ["0 2 1 * 1", "at 02:00 UTC, on day 1 of the month, and on Monday"],
    ["*/15 * * * *", "every 15 minutes (UTC)"],
    // 5 does not divide 24, so this is not hand-worded as an even interval.
    ["0 */5 * * *", "on the hour, every 5 hours (UTC)"],
  ])("cronstrue wording with UTC for %s", (schedule, expected) => {
    expect(describeSchedule(schedule)).toBe(expected);
  });

  // Cron fires on day 29-31 only in months that have one: "every month" would hide the others.
  it.each([
    ["0 4 28 * *", "on day 28 of every month at 04:00 UTC"],
    ["0 4 29 * *", "on day 29 of every month at 04:00 UTC (February only in leap years)"],
    ["0 4 30 * *", "on day 30 of every month but February (11 a year) at 04:00 UTC"],
    ["0 4 31 * *", "on day 31 of the months that have one (7 a year) at 04:00 UTC"],
    ["0 2 29 2 *", "on February 29 at 02:00 UTC (leap years only; next 2028-02-29)"],
    ["0 0 29 2 *", "on February 29 at 00:00 UTC (leap years only; next 2028-02-29)"],
    [
      "0 2,14 29 2 *",
      "at 02:00 and 14:00 UTC, on day 29 of the month, only in February (leap years only; next 2028-02-29)",
    ],
    [
      "0 2 31 1-6 *",
      "at 02:00 UTC, on day 31 of the month, January through June (never in February, April and June, which have no day 31)",
    ],
    [
      "0 2 29,30 1-3 *",
      "at 02:00 UTC, on day 29 and 30 of the month, January through March (February only in leap years)",
    ],
    // A weekday rule ORs in, so every month has runs.
    ["0 2 31 * 1", "at 02:00 UTC, on day 31 of the month, and on Monday"],
  ])("says which months %s really fires in", (schedule, expected) => {
    expect(describeSchedule(schedule, new Date("2026-11-26T12:00:00Z"))).toBe(expected);
  });

  it("names no next run for a leap-day cron without a clock", () => {
    expect(describeSchedule("0 2 29 2 *")).toBe("on February 29 at 02:00 UTC (leap years only)");
  });

  it.each([
    ["0 0 30 2 *", "February has no day 30"],
    ["0 0 31 2 *", "February has no day 31"],
    ["0 0 31 4,6 *", "April and June have no day 31"],
    ["0 0 30,31 2 *", "February has no day 30"],
  ])("says %s never fires, and why", (schedule, why) => {
    expect(checkCron(schedule).ok).toBe(false);
    expect(describeSchedule(schedule)).toBe(`"${schedule}" never fires: ${why}. ${CRON_HELP}`);
  });

  it.each(["bogus", "0 2 * *", "@daily", "61 * * * *", "0 0 31 2 *", "0 0 L * *", ""])(
    "returns the checkCron reason for invalid %j instead of throwing",
    (schedule) => {
      const check = checkCron(schedule);
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(describeSchedule(schedule)).toBe(check.reason);
      expect(check.reason).toContain('Use "once"');
    },
  );
});
