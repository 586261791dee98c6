/**
 * The size rule's state is bounded and does not depend on the order
 * backups arrive in (the audit reads pages concurrently); a base that
 * reports no size is never judged.
 */
import { describe, expect, it } from "vitest";
import { BaseSizes } from "../../../src/recovery/model.js";
import { DAY, HOUR, NOW, backup } from "../../helpers/backups.js";
import type { Backup } from "../../../src/api/records.js";

const DAY0 = Date.parse("2026-11-26T00:00:00Z");

/** `days` nightly fulls up to today, 10 GB ±10%, with the ones `zeroDaysAgo` reporting 0 bytes. */
function fulls(days: number, zeroDaysAgo: number[]): Backup[] {
  return Array.from({ length: days }, (_, i) => {
    const daysAgo = days - 1 - i;
    const b = backup({ type: "full", at: DAY0 - daysAgo * DAY + 2 * HOUR });
    b.backup_size = zeroDaysAgo.includes(daysAgo) ? 0 : 1e10 * (1 + ((i % 5) - 2) / 20);
    return b;
  });
}

const judged = (backups: Iterable<Backup>): string[] => {
  const sizes = new BaseSizes(NOW);
  for (const b of backups) sizes.add(b);
  return sizes.suspects().map((s) => s.id);
};

describe("BaseSizes", () => {
  it("finds the same suspects whatever order backups arrive in", () => {
    const list = fulls(40, [0, 3, 30]);
    const inOrder = judged(list);
    expect(inOrder).toEqual([list.at(-1)?.id, list.at(-4)?.id]);
    expect(judged([...list].reverse())).toEqual(inOrder);
    const shuffled = [...list].sort((a, b) => (a.id ?? "").localeCompare(b.id ?? "") * -1);
    expect(judged(shuffled)).toEqual(inOrder);
  });

  it("keeps only the newest bases: a 0-byte full of 3 years ago is no longer judged", () => {
    const list = fulls(1100, [1000]);
    expect(judged(list)).toEqual([]);
  });

  it("never judges a base that reports no size", () => {
    const list = fulls(10, [0]);
    const last = list.at(-1);
    if (last) delete last.backup_size;
    expect(judged(list)).toEqual([]);
  });
});
