import { describe, expect, it } from "vitest";
import { apiTimeText, utcMinutes, utcSeconds, utcText } from "../../../src/util/format.js";
import { parseTimeInput, pinRelativeTimeMs } from "../../../src/util/time-input.js";

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
