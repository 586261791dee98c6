import { describe, expect, it } from "vitest";
import { checkCron } from "../../src/cron/parse.js";
import { nextRuns } from "../../src/cron/preview.js";

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
