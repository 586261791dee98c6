import { describe, expect, it } from "vitest";
import { cronFires } from "../../../src/cron/fires.js";
import { checkCron } from "../../../src/cron/parse.js";
import { createRng, type Rng } from "../../../src/emulator/primitives.js";

/** cron-parser's answer, the meaning the audit used before fires.ts. */
function reference(cron: string, ms: number, way: "next" | "prev"): number | undefined {
  const check = checkCron(cron, new Date(ms));
  if (!check.ok) throw new Error(check.reason);
  try {
    return (way === "next" ? check.expression.next() : check.expression.prev()).getTime();
  } catch {
    return undefined;
  }
}

function field(rng: Rng, min: number, max: number, names?: readonly string[]): string {
  const value = () => {
    const n = rng.int(min, max);
    return names && rng.next() < 0.2 ? (names[n - min] ?? String(n)) : String(n);
  };
  switch (rng.int(0, 6)) {
    case 0:
      return "*";
    case 1:
      return `*/${rng.int(2, Math.max(2, Math.floor((max - min) / 2)))}`;
    case 2: {
      const a = rng.int(min, max);
      return `${a}-${rng.int(a, max)}`;
    }
    case 3:
      return [value(), value(), value()].join(",");
    case 4: {
      const a = rng.int(min, max);
      return `${a}-${rng.int(a, max)}/${rng.int(1, 5)}`;
    }
    default:
      return value();
  }
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function randomCron(rng: Rng): string {
  return [
    field(rng, 0, 59),
    field(rng, 0, 23),
    field(rng, 1, 31),
    field(rng, 1, 12, MONTHS),
    field(rng, 0, 7, WEEKDAYS),
  ].join(" ");
}

describe("cronFires", () => {
  it("agrees with cron-parser on next and prev for random crons and times", () => {
    const rng = createRng(17);
    const start = Date.UTC(2024, 0, 1);
    let compared = 0;
    // 1,500 fixed-seed comparisons: each is a cron-parser walk (luxon), the unit suite's slowest work.
    for (let i = 0; compared < 1500 && i < 20_000; i++) {
      const cron = randomCron(rng);
      const fires = cronFires(cron);
      if (fires === undefined) continue;
      // Whole minutes, whole seconds and odd milliseconds, around leap days and year ends.
      const roll = rng.int(0, 2);
      const raw = start + rng.int(0, 4 * 366 * 24 * 60) * 60_000;
      const at =
        roll === 0 ? raw : roll === 1 ? raw + rng.int(1, 59) * 1000 : raw + rng.int(1, 59_999);
      expect({ cron, at, next: fires.next(at) }).toEqual({
        cron,
        at,
        next: reference(cron, at, "next"),
      });
      expect({ cron, at, prev: fires.prev(at) }).toEqual({
        cron,
        at,
        prev: reference(cron, at, "prev"),
      });
      compared += 1;
    }
    expect(compared).toBe(1500);
  });

  it("finds rare fires: a leap day, the 31st, weekdays only", () => {
    const jan2097 = Date.UTC(2097, 0, 1);
    expect(new Date(cronFires("0 0 29 2 *")?.next(jan2097) ?? 0).toISOString()).toBe(
      "2104-02-29T00:00:00.000Z",
    );
    const friday = Date.UTC(2026, 10, 27, 12);
    expect(new Date(cronFires("0 2 * * 1-5")?.next(friday) ?? 0).toISOString()).toBe(
      "2026-11-30T02:00:00.000Z",
    );
    expect(new Date(cronFires("30 4 31 * *")?.prev(friday) ?? 0).toISOString()).toBe(
      "2026-10-31T04:30:00.000Z",
    );
  });

  it("is strictly after and strictly before a fire time", () => {
    const fire = Date.UTC(2026, 10, 27, 2);
    const daily = cronFires("0 2 * * *");
    expect(daily?.next(fire)).toBe(fire + 86_400_000);
    expect(daily?.prev(fire)).toBe(fire - 86_400_000);
    expect(daily?.take(fire - 1, 2)).toEqual([fire, fire + 86_400_000]);
  });

  it("has no fires for once or a cron that is refused", () => {
    expect(cronFires("once")).toBeUndefined();
    expect(cronFires("@daily")).toBeUndefined();
    expect(cronFires("0 0 30 2 *")).toBeUndefined();
  });
});
