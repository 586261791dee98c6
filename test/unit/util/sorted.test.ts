import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstReached } from "../../../src/util/sorted.js";

describe("firstReached", () => {
  it("finds the first index at or after a value in any sorted array, as a linear scan does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.integer({ min: -60, max: 60 }),
        (raw, x) => {
          const sorted = [...raw].sort((a, b) => a - b);
          const linear = sorted.findIndex((v) => v >= x);
          expect(firstReached(sorted.length, (i) => (sorted[i] ?? Infinity) >= x)).toBe(
            linear < 0 ? sorted.length : linear,
          );
        },
      ),
    );
  });

  it("is 0 when the first element already qualifies and length when none does", () => {
    expect(firstReached(3, () => true)).toBe(0);
    expect(firstReached(3, () => false)).toBe(3);
    expect(firstReached(0, () => true)).toBe(0);
  });
});
