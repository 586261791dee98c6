import { describe, expect, it } from "vitest";
import { nextRuns, previewSchedule, previousRun } from "../../../src/cron/fires.js";

const now = new Date("2026-11-27T01:30:00Z");

describe("nextRuns", () => {
  it("lists the next three fire times after now, without milliseconds", () => {
    expect(nextRuns("0 2 * * *", now)).toEqual([
      "2026-11-27T02:00:00Z",
      "2026-11-28T02:00:00Z",
      "2026-11-29T02:00:00Z",
    ]);
  });

  it("honours count", () => {
    expect(nextRuns("0 */6 * * *", now, 5)).toEqual([
      "2026-11-27T06:00:00Z",
      "2026-11-27T12:00:00Z",
      "2026-11-27T18:00:00Z",
      "2026-11-28T00:00:00Z",
      "2026-11-28T06:00:00Z",
    ]);
    expect(nextRuns("0 */6 * * *", now, 1)).toEqual(["2026-11-27T06:00:00Z"]);
    expect(nextRuns("0 */6 * * *", now, 0)).toEqual([]);
    expect(nextRuns("0 */6 * * *", now, -2)).toEqual([]);
  });

  it("is strictly after now when now is itself a fire time", () => {
    expect(nextRuns("0 2 * * *", new Date("2026-11-27T02:00:00Z"), 1)).toEqual([
      "2026-11-28T02:00:00Z",
    ]);
  });

  it("crosses month and year boundaries", () => {
    expect(nextRuns("0 0 1 * *", now)).toEqual([
      "2026-12-01T00:00:00Z",
      "2027-01-01T00:00:00Z",
      "2027-02-01T00:00:00Z",
    ]);
    expect(nextRuns("0 2 * * *", new Date("2026-12-30T03:00:00Z"), 2)).toEqual([
      "2026-12-31T02:00:00Z",
      "2027-01-01T02:00:00Z",
    ]);
  });

  it("finds 29 February only in leap years", () => {
    expect(nextRuns("0 0 29 2 *", now, 2)).toEqual([
      "2028-02-29T00:00:00Z",
      "2032-02-29T00:00:00Z",
    ]);
  });

  it("fires on day-of-month OR day-of-week when both are restricted", () => {
    // 2026-11-30 is a Monday; 2026-12-01 is a Tuesday but the 1st.
    expect(nextRuns("0 2 1 * 1", now, 4)).toEqual([
      "2026-11-30T02:00:00Z",
      "2026-12-01T02:00:00Z",
      "2026-12-07T02:00:00Z",
      "2026-12-14T02:00:00Z",
    ]);
  });

  it('is empty for "once" and for invalid crons', () => {
    expect(nextRuns("once", now)).toEqual([]);
    expect(nextRuns("0 2 * *", now)).toEqual([]);
    expect(nextRuns("@daily", now)).toEqual([]);
  });
});

describe("previousRun", () => {
  it("is the most recent fire time before now", () => {
    expect(previousRun("0 2 * * *", now)).toBe("2026-11-26T02:00:00Z");
    expect(previousRun("0 2 * * 1", now)).toBe("2026-11-23T02:00:00Z");
    expect(previousRun("0 0 29 2 *", now)).toBe("2024-02-29T00:00:00Z");
  });

  it("includes now when now is exactly a fire time", () => {
    expect(previousRun("0 2 * * *", new Date("2026-11-27T02:00:00Z"))).toBe("2026-11-27T02:00:00Z");
    expect(previousRun("0 2 * * *", new Date("2026-11-27T01:59:59.999Z"))).toBe(
      "2026-11-26T02:00:00Z",
    );
  });

  it('is undefined for "once" and for invalid crons', () => {
    expect(previousRun("once", now)).toBeUndefined();
    expect(previousRun("nope", now)).toBeUndefined();
  });
});

describe("previewSchedule", () => {
  it("pairs the description with the next runs", () => {
    expect(previewSchedule("0 2 * * 1", now)).toEqual({
      description: "every Monday at 02:00 UTC",
      next_runs: ["2026-11-30T02:00:00Z", "2026-12-07T02:00:00Z", "2026-12-14T02:00:00Z"],
    });
    expect(previewSchedule("once", now)).toEqual({
      description: "one time, started when created",
      next_runs: [],
    });
  });
});
