import { describe, expect, it } from "vitest";
import {
  FIRST_POLL_MS,
  MAX_POLL_MS,
  elapsedText,
  nextPollDelay,
} from "../../../src/modes/drill.js";

describe("the drill's poll interval", () => {
  it("starts at 1 s, doubles, and stays at 15 s", () => {
    const delays: number[] = [];
    let delay: number | undefined;
    for (let i = 0; i < 7; i++) {
      delay = nextPollDelay(delay, Number.POSITIVE_INFINITY);
      delays.push(delay);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(FIRST_POLL_MS).toBe(1_000);
    expect(MAX_POLL_MS).toBe(15_000);
  });

  it("never sleeps past the overall wait, nor a negative time", () => {
    expect(nextPollDelay(8_000, 5_000)).toBe(5_000);
    expect(nextPollDelay(undefined, 300)).toBe(300);
    expect(nextPollDelay(2_000, -50)).toBe(0);
  });

  it("recovers from a nonsense previous value", () => {
    expect(nextPollDelay(0, 60_000)).toBe(1_000);
    expect(nextPollDelay(10_000_000, 60_000)).toBe(15_000);
  });

  it("words elapsed time for the progress lines", () => {
    expect(elapsedText(0)).toBe("0 s");
    expect(elapsedText(42_400)).toBe("42 s");
    expect(elapsedText(185_000)).toBe("3 min 05 s");
    expect(elapsedText(2 * 3_600_000 + 7 * 60_000)).toBe("2 h 07 min");
  });
});
