import { describe, expect, it } from "vitest";
import { describeSchedule } from "../../../src/cron/describe.js";
import { checkCron } from "../../../src/cron/parse.js";

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
    ["0 0 29 2 *", "at 00:00 UTC, on day 29 of the month, only in February"],
    // Both day fields restricted: cron fires on either, and the words say so.
    ["0 2 1 * 1", "at 02:00 UTC, on day 1 of the month, and on Monday"],
    ["*/15 * * * *", "every 15 minutes (UTC)"],
    // 5 does not divide 24, so this is not hand-worded as an even interval.
    ["0 */5 * * *", "on the hour, every 5 hours (UTC)"],
  ])("cronstrue wording with UTC for %s", (schedule, expected) => {
    expect(describeSchedule(schedule)).toBe(expected);
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
