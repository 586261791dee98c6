import { describe, expect, it } from "vitest";
import { readBackup, type Backup } from "../../src/api/schemas.js";
import { planRestore } from "../../src/restore/planner.js";
import { planText } from "../../src/restore/text.js";
import { DAY, HOUR, NOW, backup, binlogs } from "./build.js";

const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A full at 02:00, incrementals at 06:00 and 12:00, hourly binlogs 00:00-20:00 on one day. */
function day(): { all: Backup[]; full: Backup; inc6: Backup; inc12: Backup; logs: Backup[] } {
  const full = backup({ type: "full", at: at(2) });
  const inc6 = backup({ type: "incremental", at: at(6), ref: full.id });
  const inc12 = backup({ type: "incremental", at: at(12), ref: full.id });
  const logs = binlogs(at(0), at(20));
  return { all: [full, inc6, inc12, ...logs], full, inc6, inc12, logs };
}

describe("planRestore", () => {
  it("chains the newest base, its incrementals, then binlogs through the first at or after the target", () => {
    const { all, full, inc6, inc12, logs } = day();
    const target = at(14) + 5 * 60_000;
    const plan = planRestore(all, target, NOW);
    expect(plan.restorable).toBe(true);
    expect(plan.point).toBe(iso(target));
    // Binlogs after the 12:01 incremental: 13:00, 14:00, then 15:00 (the first >= 14:05).
    expect(plan.chain.map((s) => s.id)).toEqual([
      full.id,
      inc6.id,
      inc12.id,
      logs[13]?.id,
      logs[14]?.id,
      logs[15]?.id,
    ]);
    expect(plan.chain.map((s) => s.role)).toEqual([
      "base",
      "incremental",
      "incremental",
      "binlog",
      "binlog",
      "binlog",
    ]);
    expect(planText("dbaaa00000001", plan).split("\n")[0]).toBe(
      "Restorable to 2026-11-24 14:05:00 UTC using 6 backups of dbaaa00000001, applied in this order:",
    );
  });

  it("needs no binlog when the target is exactly a backup's own point", () => {
    const { all, full, inc6 } = day();
    const plan = planRestore(all, at(6) + 60_000, NOW);
    expect(plan.chain.map((s) => s.id)).toEqual([full.id, inc6.id]);
    // A binlog exactly at the target ends the replay there.
    const onTheHour = planRestore(all, at(7), NOW);
    expect(onTheHour.chain.map((s) => s.role)).toEqual(["base", "incremental", "binlog"]);
    expect(onTheHour.chain.at(-1)?.point_in_time).toBe(iso(at(7)));
  });

  it("skips failed backups and incrementals of a failed base", () => {
    const { all, full } = day();
    const badFull = backup({ type: "full", at: at(10), status: "Failed" });
    const orphan = backup({ type: "incremental", at: at(11), ref: badFull.id });
    const plan = planRestore([...all, badFull, orphan], at(11) + 30 * 60_000, NOW);
    expect(plan.chain[0]?.id).toBe(full.id);
    expect(plan.chain.map((s) => s.id)).not.toContain(orphan.id);
  });

  it("inside a binlog gap: names the whole gap and the nearest points on each side", () => {
    const full = backup({ type: "full", at: at(2) });
    const inc = backup({ type: "incremental", at: at(12), ref: full.id });
    const after = backup({ type: "incremental", at: at(18), ref: full.id });
    // Binlogs stop at 10:00 and resume at 16:00 (files 11-15 lost).
    const logs = [...binlogs(at(0), at(10)), ...binlogs(at(16), at(22))];
    const plan = planRestore([full, inc, after, ...logs], at(14) + 5 * 60_000, NOW);
    expect(plan.restorable).toBe(false);
    expect(plan.chain).toEqual([]);
    expect(plan.reason).toMatchObject({ kind: "binlog_gap", from: iso(at(10)), to: iso(at(16)) });
    expect(plan.reason?.message).toBe("binary-log gap 2026-11-24 10:00–16:00 UTC");
    // Before: the 12:01 incremental restores to its own point. After: the 18:01 one is the first start past the gap.
    expect(plan.nearest_before).toBe(iso(at(12) + 60_000));
    expect(plan.nearest_after).toBe(iso(at(18) + 60_000));
    const text = planText("dbaaa00000001", plan).split("\n");
    expect(text[0]).toBe(
      "Not restorable to 2026-11-24 14:05:00 UTC: binary-log gap 2026-11-24 10:00–16:00 UTC",
    );
    expect(text[1]).toContain("before 2026-11-24 12:01:00 UTC, after 2026-11-24 18:01:00 UTC");
  });

  it("falls back to an older base when the newest cannot reach the target", () => {
    const full = backup({ type: "full", at: at(2) });
    const inc = backup({ type: "incremental", at: at(12), ref: full.id });
    const dump = backup({ type: "dump", at: at(11) });
    const logs = [...binlogs(at(0), at(10)), ...binlogs(at(12), at(20))];
    const plan = planRestore([full, inc, dump, ...logs], at(14), NOW);
    expect(plan.restorable).toBe(true);
    expect(plan.chain.slice(0, 2).map((s) => s.id)).toEqual([full.id, inc.id]);
    expect(plan.chain.slice(2).map((s) => s.point_in_time)).toEqual([iso(at(13)), iso(at(14))]);
  });

  it("before any base: no_base, and the first restorable point after", () => {
    const { all, full } = day();
    const plan = planRestore(all, at(1), NOW);
    expect(plan).toMatchObject({ restorable: false, reason: { kind: "no_base" } });
    expect(plan.nearest_before).toBeUndefined();
    expect(plan.nearest_after).toBe(full.point_in_time?.replace(" ", "T") + "Z");
  });

  it("after the newest binlog: binlogs_end", () => {
    const { all } = day();
    const plan = planRestore(all, at(21), NOW);
    expect(plan.reason?.kind).toBe("binlogs_end");
    expect(plan.nearest_before).toBe(iso(at(20)));
  });

  it("a base older than any binlog: binlogs_start names the uncovered stretch", () => {
    const full = backup({ type: "full", at: at(2) });
    const plan = planRestore([full, ...binlogs(at(8), at(12))], at(10), NOW);
    expect(plan.reason).toMatchObject({
      kind: "binlogs_start",
      from: iso(at(2) + 60_000),
      to: iso(at(8)),
    });
  });

  it("latest: the newest point binlogs carry a start to", () => {
    const { all } = day();
    const plan = planRestore(all, "latest", NOW);
    expect(plan).toMatchObject({ restorable: true, latest: true, point: iso(at(20)) });
    expect(plan.chain.at(-1)?.point_in_time).toBe(iso(at(20)));
    expect(planRestore([], "latest", NOW)).toMatchObject({
      restorable: false,
      reason: { kind: "no_base" },
    });
  });

  it("without binlogs only the backups' own points are restorable", () => {
    const full = backup({ type: "snapshot", at: at(4) });
    expect(planRestore([full], at(4) + 60_000, NOW).restorable).toBe(true);
    expect(planRestore([full], at(5), NOW).reason?.kind).toBe("no_binlogs");
  });

  it("refuses a future target", () => {
    expect(() => planRestore([], NOW + 1000, NOW)).toThrow(/in the future/);
  });

  it("is lenient with odd records and duplicates", () => {
    const { all, full } = day();
    const junk: Backup[] = [
      {},
      null,
      "nonsense",
      { id: 7, status: null },
      { id: "x", type: "full", status: "Succeeded", point_in_time: "yesterday" },
      { id: "y", type: "FULL", status: "succeeded", end_time: "2026-02-30T00:00:00Z" },
      { id: "z", type: "incremental", status: "Succeeded", reference_full_backup: 42 },
    ].map(readBackup);
    const plan = planRestore([...junk, ...all, ...all], at(6) + 60_000, NOW);
    expect(plan.chain[0]?.id).toBe(full.id);
    expect(plan.chain).toHaveLength(2);
  });
});
