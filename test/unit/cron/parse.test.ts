import { describe, expect, it } from "vitest";
import { checkCron, sameSchedule } from "../../../src/cron/parse.js";
import { nextRuns } from "../../../src/cron/fires.js";

const NOW = new Date("2026-11-27T01:30:00Z");

describe("checkCron", () => {
  it.each([
    ["*/15,30 * * * *", ["2026-11-27T01:45:00Z", "2026-11-27T02:00:00Z", "2026-11-27T02:15:00Z"]],
    ["0 2 * * 0,7", ["2026-11-29T02:00:00Z", "2026-12-06T02:00:00Z", "2026-12-13T02:00:00Z"]],
    ["0 1-5,3 * * *", ["2026-11-27T02:00:00Z", "2026-11-27T03:00:00Z", "2026-11-27T04:00:00Z"]],
  ])("accepts overlapping list items as standard cron does: %s", (cron, runs) => {
    expect(checkCron(cron, NOW).ok).toBe(true);
    expect(nextRuns(cron, NOW)).toEqual(runs);
  });

  it.each(["0 3 * * *\r\n", "0\u00a03 * * *", "\ufeff0 3 * * *", "0 3 * *\n*"])(
    "refuses control or non-ASCII characters that would reach the API: %j",
    (cron) => {
      const check = checkCron(cron, NOW);
      expect(check.ok).toBe(false);
      expect(!check.ok && check.reason).toContain("control or non-ASCII character");
    },
  );
});

describe("sameSchedule: two crons are the same when they fire at the same times", () => {
  it.each([
    ["0 2 * * *", "0 2 * * 0-6"],
    ["0 2 * * *", "0 02 * * 0,1,2,3,4,5,6,7"],
    ["0 2 * * *", "0 2 1-31 * *"],
    ["0 2 * * 0", "0 2 * * 7"],
    ["0 * * * *", "0 */1 * * *"],
    ["0 2 1 * 1", "0 2 1 * MON"],
  ])("%j = %j", (a, b) => {
    expect(sameSchedule(a, b)).toBe(true);
    expect(sameSchedule(b, a)).toBe(true);
  });

  it.each([
    // Both day fields restricted: either matches, so 1-31 with Mondays is every day.
    ["0 2 1-31 * 1", "0 2 * * 1"],
    // A full day-of-week beside a restricted day-of-month is every day, not the 1st only.
    ["0 2 1 * 0-6", "0 2 1 * *"],
    ["0 2 * * *", "0 3 * * *"],
    ["0 2 * * 1-5", "0 2 * * *"],
    ["once", "0 2 * * *"],
  ])("%j != %j", (a, b) => {
    expect(sameSchedule(a, b)).toBe(false);
  });

  it("agrees with the fire times cron-parser computes for the tricky pairs", () => {
    // sameSchedule must say "same" exactly when the next 400 fire times agree.
    const fires = (cron: string) => nextRuns(cron, NOW, 400).join(" ");
    const pairs: [string, string][] = [
      ["0 2 1-31 * 1", "0 2 * * 1"],
      ["0 2 1 * 0-6", "0 2 1 * *"],
      ["0 2 * * 0-6", "0 2 * * *"],
      ["0 2 * * 7", "0 2 * * 0"],
      ["0 2 1,15 * 1", "0 2 1,15 * *"],
      ["*/30 * * * *", "0,30 * * * *"],
    ];
    for (const [a, b] of pairs)
      expect(sameSchedule(a, b), `${a} / ${b}`).toBe(fires(a) === fires(b));
  });
});
