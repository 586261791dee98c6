/**
 * Nearby points against plan_restore's own choice, moment by moment: on an
 * account where the chosen base does not simply follow the newest full (a
 * dump the rule passes over, an incremental of an older full that wins its
 * own point, a 0-byte full), every minute of every listed stretch plans
 * with the base the stretch names.
 */
import { describe, expect, it } from "vitest";
import { planRestore, type RestorablePoint } from "../../../src/recovery/planner.js";
import { DAY, HOUR, NOW, backup, binlogs, rfc } from "../../helpers/backups.js";

const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;
const MINUTE = 60_000;

function account() {
  const first = backup({ type: "full", at: at(2) });
  // Reloading a dump is slow: with 2 binlogs saved it never beats the full.
  const dump = backup({ type: "dump", at: at(5) });
  const newer = backup({ type: "full", at: at(9) });
  // An incremental of the older full after the newer one: it wins at its own point only.
  const late = backup({ type: "incremental", at: at(9) + 20 * MINUTE, ref: first.id });
  const empty = { ...backup({ type: "full", at: at(13) }), backup_size: 0 };
  const all = [first, dump, newer, late, empty, ...binlogs(at(0), at(18))];
  return { all, first, newer, late };
}

function everyMinute(p: RestorablePoint): number[] {
  const from = Date.parse(p.range?.from ?? p.point);
  const to = Date.parse(p.range?.to ?? p.point);
  const out = [from, to];
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) out.push(t);
  return out;
}

describe("nearby points name the base plan_restore uses", () => {
  it("at every minute of every stretch, on either side", () => {
    const { all, first, newer, late } = account();
    const before = planRestore(all, at(20), NOW);
    const after = planRestore(all, at(1), NOW);
    const listed = [...(before.points_before ?? []), ...(after.points_after ?? [])];
    expect(listed).toHaveLength(6);
    for (const p of listed) {
      for (const t of everyMinute(p)) {
        const plan = planRestore(all, t, NOW);
        expect({ t: rfc(t), base: plan.chain[0]?.id }).toEqual({ t: rfc(t), base: p.base.id });
      }
    }
    // Newest first: the newer full to the end (the 0-byte full passed over), its
    // incremental-won moment alone, and the older full's stretch through the dump.
    const lateAt = Date.parse(`${late.point_in_time?.replace(" ", "T") ?? ""}Z`);
    expect(before.points_before?.map((p) => [p.range?.from ?? p.point, p.base.id])).toEqual([
      [rfc(lateAt + 1000), newer.id],
      [rfc(lateAt), first.id],
      [rfc(at(9) + MINUTE), newer.id],
    ]);
  });
});
