import { describe, expect, it } from "vitest";
import { apiTimeText, utcMinutes, utcSeconds, utcText } from "../../../src/util/format.js";
import { parseTimeInput, pinRelativeTimeMs, parseApiTime } from "../../../src/util/time.js";

const NOW = Date.parse("2026-11-29T18:01:37.500Z");

describe("utcText: the one text form of a time", () => {
  it("has year and zone, seconds only when asked", () => {
    expect(utcText(NOW)).toBe("2026-11-29 18:01 UTC");
    expect(utcText(NOW, "second")).toBe("2026-11-29 18:01:37 UTC");
    expect(utcMinutes(NOW)).toBe("2026-11-29 18:01 UTC");
    expect(utcSeconds(NOW)).toBe("2026-11-29 18:01:37 UTC");
  });

  it("reads the API's forms; shows an unreadable one as sent and a missing one as -", () => {
    expect(apiTimeText("2026-11-26T02:00:13Z")).toBe("2026-11-26 02:00 UTC");
    expect(apiTimeText("2026-11-26 02:00:13", "second")).toBe("2026-11-26 02:00:13 UTC");
    expect(apiTimeText("2026-11-26T04:00:13+02:00")).toBe("2026-11-26 02:00 UTC");
    expect(apiTimeText("soon")).toBe('"soon"');
    expect(apiTimeText("")).toBe("-");
    expect(apiTimeText(undefined)).toBe("-");
    expect(apiTimeText(42)).toBe("?");
  });
});

describe("parseTimeInput", () => {
  it.each([
    ["2026-11-29T17:56:52.123Z", Date.parse("2026-11-29T17:56:52.123Z")],
    [new Date(NOW).toISOString(), NOW],
    ["2026-11-29t17:56:52z", Date.parse("2026-11-29T17:56:52Z")],
    ["2026-11-29T19:56:52+02:00", Date.parse("2026-11-29T17:56:52Z")],
    ["2026-11-29T12:26:52.5-05:30", Date.parse("2026-11-29T17:56:52.500Z")],
    ["2026-11-29 17:56:52", Date.parse("2026-11-29T17:56:52Z")],
    ["2026-11-29 17:56", Date.parse("2026-11-29T17:56:00Z")],
    ["2026-11-29", Date.parse("2026-11-29T00:00:00Z")],
    ["2024-02-29", Date.parse("2024-02-29T00:00:00Z")],
    ["-10m", NOW - 600_000],
    ["-2h", NOW - 7_200_000],
    ["-3d", NOW - 3 * 86_400_000],
    ["-0m", NOW],
  ])("%j", (text, expected) => {
    expect(parseTimeInput(text, NOW)).toBe(expected);
  });

  it.each([
    "",
    "latest",
    "yesterday",
    "2026-02-29",
    "2026-02-30 10:00",
    "2026-13-01",
    "2026-11-29T24:00:00Z",
    "2026-11-29T17:60Z",
    "2026-11-29T17:56:52+15:00",
    "+2h",
    "-2w",
    "-1.5h",
    "-1234567d",
    "29/11/2026",
    "1764439012",
    `2026-11-29T17:56:52.${"1".repeat(40)}Z`,
    " -0m ",
    "\u000b2026-09-30 20:05:17",
  ])("refuses %j", (text) => {
    expect(parseTimeInput(text, NOW)).toBeUndefined();
  });
});

describe("pinRelativeTimeMs", () => {
  const now = Date.parse("2026-11-29T12:00:00.750Z");
  it("pins a relative time to the second, once", () => {
    expect(pinRelativeTimeMs("-2h", now)).toBe(Date.parse("2026-11-29T10:00:00Z"));
    expect(pinRelativeTimeMs("-90m", now)).toBe(Date.parse("2026-11-29T10:30:00Z"));
  });
  it("leaves absolute times, latest and junk alone", () => {
    for (const value of ["2026-11-29 10:00", "latest", "-2x", "2h", ""])
      expect(pinRelativeTimeMs(value, now), value).toBeUndefined();
  });
});

describe("parseApiTime: the API's two usual shapes, read without a regex", () => {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  /** What the general rule says: the moment, if the text names a real one. */
  const reference = (text: string): number | undefined => {
    const iso = `${text.slice(0, 10)}T${text.slice(11, 19)}Z`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== iso.slice(0, 19)
      ? undefined
      : ms;
  };

  it("agrees with the calendar on every day-of-month edge, leap years and impossible clocks included", () => {
    let checked = 0;
    for (const year of [1999, 2000, 2024, 2026, 2100, 2400])
      for (let month = 0; month <= 13; month++)
        for (const day of [0, 1, 28, 29, 30, 31, 32])
          for (const [hour, minute, second] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 0],
            [12, 0, 60],
          ] as const) {
            const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
            const clock = `${pad(hour)}:${pad(minute)}:${pad(second)}`;
            for (const text of [`${date}T${clock}Z`, `${date} ${clock}`, `${date}T${clock}`]) {
              expect(parseApiTime(text), text).toBe(reference(text));
              checked += 1;
            }
          }
    expect(checked).toBe(6 * 14 * 7 * 5 * 3);
  });

  it("leaves other shapes to the general path", () => {
    expect(parseApiTime("2026-11-26T02:00:13z")).toBe(Date.parse("2026-11-26T02:00:13Z"));
    expect(parseApiTime("2026-11-26T02:00:13.250Z")).toBe(Date.parse("2026-11-26T02:00:13.250Z"));
    expect(parseApiTime("2026-11-26T04:00:13+02:00")).toBe(Date.parse("2026-11-26T02:00:13Z"));
    for (const junk of [
      "2026-1x-26T02:00:13Z",
      "2026/11/26T02:00:13Z",
      "2026-11-26T02-00-13Z",
      "+02026-11-26T02:00:13Z",
      "",
    ])
      expect(parseApiTime(junk), junk).toBeUndefined();
  });
});
