import { describe, expect, it } from "vitest";
import { cronProblem } from "../../../src/emulator/validation.js";

describe("cronProblem", () => {
  it.each([
    "0 2 * * *",
    "0 */6 * * *",
    "*/15 0-23/2 1,15 JAN-jun mon-FRI",
    "5 4 * * 7",
    "0 0 1 1 0",
    "  0  2 * * * ",
  ])("accepts %j", (expr) => expect(cronProblem(expr)).toBeUndefined());

  it.each([
    ["", /found 0/],
    ["0 2 * * * *", /found 6/],
    ["60 * * * *", /minute value 60 is out of range 0-59/],
    ["0 24 * * *", /hour value 24/],
    ["0 0 0 * *", /day-of-month value 0 is out of range 1-31/],
    ["0 0 * 13 *", /month value 13/],
    ["0 0 * * 8", /day-of-week value 8/],
    ["0 0 * * FUNDAY", /day-of-week value "FUNDAY" is not a number or a name such as SUN/],
    ["*/0 * * * *", /step "0" must be a positive integer/],
    ["5-1 * * * *", /runs backwards/],
    ["1,,2 * * * *", /empty list item/],
    ["1-2-3 * * * *", /not a value, a range/],
    ["@daily", /found 1/],
  ])("rejects %j", (expr, pattern) => expect(cronProblem(expr)).toMatch(pattern));
});
