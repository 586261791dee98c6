import { describe, expect, it } from "vitest";
import { findOverlaps, firesInSameMinute } from "../../../src/cron/fires.js";

const now = new Date("2026-11-27T01:30:00Z");

describe("firesInSameMinute", () => {
  it("finds the first shared minute after now", () => {
    expect(firesInSameMinute("0 2 * * *", "0 * * * *", now)).toBe("2026-11-27T02:00:00Z");
    expect(firesInSameMinute("0 * * * *", "0 */6 * * *", now)).toBe("2026-11-27T06:00:00Z");
    expect(firesInSameMinute("0 2 * * *", "0 2 * * *", now)).toBe("2026-11-27T02:00:00Z");
  });

  it("does not count now itself", () => {
    const atTwo = new Date("2026-11-27T02:00:00Z");
    expect(firesInSameMinute("0 2 * * *", "0 * * * *", atTwo)).toBe("2026-11-28T02:00:00Z");
  });

  it("finds none when the hours never meet", () => {
    // 02:00 is not one of 00, 06, 12, 18.
    expect(firesInSameMinute("0 2 * * *", "0 */6 * * *", now)).toBeUndefined();
    expect(firesInSameMinute("0 * * * *", "30 * * * *", now)).toBeUndefined();
  });

  it("treats separate day-of-week and day-of-month crons as AND for the overlap", () => {
    // A Monday that is also the 1st: none until 2027-02-01, past 31 days.
    expect(firesInSameMinute("0 2 * * 1", "0 2 1 * *", now)).toBeUndefined();
    expect(firesInSameMinute("0 2 * * 1", "0 2 1 * *", now, 90)).toBe("2027-02-01T02:00:00Z");
  });

  it("uses OR inside one cron that restricts both day fields", () => {
    // "0 2 1 * 1" fires on Monday 2026-11-30, although it is not the 1st.
    expect(firesInSameMinute("0 2 1 * 1", "0 2 * * 1", now)).toBe("2026-11-30T02:00:00Z");
  });

  it("jumps between fire times instead of walking minutes", () => {
    // A minute-by-minute walk would need ~52,000 steps and hit the 5,000 cap.
    expect(firesInSameMinute("0 0 1 1 *", "0 0 1 * *", now, 400)).toBe("2027-01-01T00:00:00Z");
    expect(firesInSameMinute("* * * * *", "0 0 29 2 *", now, 1000)).toBe("2028-02-29T00:00:00Z");
  });

  it("respects the horizon", () => {
    expect(firesInSameMinute("0 0 1 * *", "0 0 * * *", now, 3)).toBeUndefined();
    expect(firesInSameMinute("0 0 1 * *", "0 0 * * *", now, 4)).toBe("2026-12-01T00:00:00Z");
  });

  it('never overlaps for "once", invalid crons, or dense interleaved crons', () => {
    expect(firesInSameMinute("once", "* * * * *", now)).toBeUndefined();
    expect(firesInSameMinute("* * * * *", "once", now)).toBeUndefined();
    expect(firesInSameMinute("0 2 * *", "* * * * *", now)).toBeUndefined();
    expect(firesInSameMinute("*/2 * * * *", "1-59/2 * * * *", now)).toBeUndefined();
  });
});

describe("findOverlaps", () => {
  it("lists active schedules that share a minute with the candidate", () => {
    const existing = [
      { id: 1, schedule: "0 * * * *", type: "full" },
      { id: 2, schedule: "0 * * * *", type: "incremental", suspended: true },
      { id: 3, type: "full" },
      { id: 4, schedule: "once", type: "full" },
      { id: 5, schedule: "0 */6 * * *", type: "full" },
      { id: 6, schedule: "0 2 * * 1", type: "incremental", suspended: false },
      { schedule: "0 2 * * *" },
    ];
    expect(findOverlaps("0 2 * * *", existing, now)).toEqual([
      { id: 1, schedule: "0 * * * *", type: "full", first_overlap: "2026-11-27T02:00:00Z" },
      {
        id: 6,
        schedule: "0 2 * * 1",
        type: "incremental",
        first_overlap: "2026-11-30T02:00:00Z",
      },
      { schedule: "0 2 * * *", first_overlap: "2026-11-27T02:00:00Z" },
    ]);
  });

  it("is empty for a one-off candidate or an empty list", () => {
    expect(findOverlaps("once", [{ id: 1, schedule: "* * * * *" }], now)).toEqual([]);
    expect(findOverlaps("0 2 * * *", [], now)).toEqual([]);
  });
});
