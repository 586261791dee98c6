import { describe, expect, it } from "vitest";
import { readBackup, type Backup } from "../../../src/api/records.js";
import { planRestore, planText } from "../../../src/recovery/planner.js";
import { DAY, HOUR, NOW, backup, binlogs } from "../../helpers/backups.js";

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
    // The incremental's own point is exact; binlogs carry the full to any moment up to 10:00, and
    // the 18:01 incremental to any moment after it: stretches, not three separate points.
    expect(text.slice(1)).toEqual([
      "Restorable before: 2026-11-24 12:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental); " +
        "any moment from 2026-11-24 02:01:00 UTC to 2026-11-24 10:00:00 UTC (full of 2026-11-24 02:01:00 UTC + 8 binlogs), through binary logs",
      "Restorable after: any moment from 2026-11-24 18:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 2 incrementals) on, through binary logs",
      "Pass one of these moments as target_time for its chain.",
    ]);
    expect(plan.points_before?.[0]?.range).toBeUndefined();
    expect(plan.points_before?.[1]?.range).toEqual({
      from: iso(at(2) + 60_000),
      to: iso(at(10)),
      to_latest: false,
    });
    expect(plan.points_after?.[0]?.range).toEqual({
      from: iso(at(18) + 60_000),
      to: iso(at(22)),
      to_latest: true,
    });
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

  it("prefers full + 2 incrementals + 6 binlogs over a newer dump + 14 binlogs", () => {
    const full = backup({ type: "full", at: at(0) });
    const dump = backup({ type: "dump", at: at(0) + 30 * 60_000 });
    const inc3 = backup({ type: "incremental", at: at(3), ref: full.id });
    const inc8 = backup({ type: "incremental", at: at(8), ref: full.id });
    const logs = binlogs(at(0), at(20));
    const plan = planRestore([dump, full, inc3, inc8, ...logs], at(14), NOW);
    expect(plan.restorable).toBe(true);
    expect(plan.chain.map((s) => s.id)).toEqual([
      full.id,
      inc3.id,
      inc8.id,
      ...logs.slice(9, 15).map((b) => b.id),
    ]);
    expect(plan.long_restore).toBeUndefined();
    expect(planText("dbaaa00000001", plan)).not.toContain("Note:");
    // At the dump's own point the dump alone is one step, but full + 1 binlog restores faster.
    const atDump = planRestore([dump, full, inc3, inc8, ...logs], at(0) + 31 * 60_000, NOW);
    expect(atDump.chain.map((s) => s.id)).toEqual([full.id, logs[1]?.id]);
    // Without a physical base reaching it, the dump alone is the plan.
    const dumpOnly = planRestore([dump, ...logs], at(0) + 31 * 60_000, NOW);
    expect(dumpOnly.chain.map((s) => s.id)).toEqual([dump.id]);
    expect(dumpOnly.base_choice).toBeUndefined();
  });

  it("with equal steps, the chain with less log replay wins even from an older base", () => {
    // A: full 04:01 + binlogs 05, 06, 07 (4 steps, 3h of replay).
    // B: full 01:01 + incrementals 03:01, 06:01 + binlog 07 (4 steps, 59 min of replay).
    const newer = backup({ type: "full", at: at(4) });
    const older = backup({ type: "full", at: at(1) });
    const inc3 = backup({ type: "incremental", at: at(3), ref: older.id });
    const inc6 = backup({ type: "incremental", at: at(6), ref: older.id });
    const logs = binlogs(at(0), at(10));
    const plan = planRestore([newer, older, inc3, inc6, ...logs], at(7), NOW);
    expect(plan.chain.map((s) => s.id)).toEqual([older.id, inc3.id, inc6.id, logs[7]?.id]);
  });

  it("says when a chain is long: many binlogs, or many incrementals", () => {
    const full = backup({ type: "full", at: at(0) });
    const logs = binlogs(at(0), at(40));
    const plan = planRestore([full, ...logs], at(31), NOW);
    expect(plan.chain).toHaveLength(32);
    expect(plan.long_restore).toBe(
      "long restore: 31 binary logs (31h of changes) to replay; a newer full backup would shorten it",
    );
    expect(planText("dbaaa00000001", plan)).toContain(
      "\nNote: long restore: 31 binary logs (31h of changes) to replay;",
    );
    const incs = Array.from({ length: 8 }, (_, i) =>
      backup({ type: "incremental", at: at(1 + i), ref: full.id }),
    );
    const many = planRestore([full, ...incs], at(8) + 60_000, NOW);
    expect(many.chain).toHaveLength(9);
    expect(many.long_restore).toContain("8 incrementals to apply");
    expect(many.long_restore).not.toContain("binary logs");
    // Six incrementals and a day of binlogs are not long yet.
    const short = planRestore([full, ...incs.slice(0, 6), ...logs], at(24), NOW);
    expect(short.long_restore).toBeUndefined();
  });

  it("without binlogs, lists the exact points around the target with their bases", () => {
    const snap = backup({ type: "snapshot", at: at(4) });
    const full = backup({ type: "full", at: at(8) });
    const inc10 = backup({ type: "incremental", at: at(10), ref: full.id });
    const inc12 = backup({ type: "incremental", at: at(12), ref: full.id });
    const dumps = [16, 18, 20, 22].map((h) => backup({ type: "dump", at: at(h) }));
    const plan = planRestore([snap, full, inc10, inc12, ...dumps], at(13), NOW);
    expect(plan).toMatchObject({ restorable: false, reason: { kind: "no_binlogs" } });
    expect(plan.points_before?.map((p) => [p.point, p.base.id, p.incrementals])).toEqual([
      [iso(at(12) + 60_000), full.id, 2],
      [iso(at(10) + 60_000), full.id, 1],
      [iso(at(8) + 60_000), full.id, 0],
    ]);
    expect(plan.points_after?.map((p) => [p.point, p.base.id])).toEqual(
      dumps.slice(0, 3).map((d) => [iso(Date.parse(d.start_time!) + 60_000), d.id]),
    );
    expect(plan.nearest_before).toBe(iso(at(12) + 60_000));
    expect(plan.nearest_after).toBe(iso(at(16) + 60_000));
    expect(planText("dbaaa00000001", plan).split("\n").slice(1)).toEqual([
      "Restorable before: 2026-11-24 12:01:00 UTC (full of 2026-11-24 08:01:00 UTC + 2 incrementals); " +
        "2026-11-24 10:01:00 UTC (full of 2026-11-24 08:01:00 UTC + 1 incremental); " +
        "2026-11-24 08:01:00 UTC (full of 2026-11-24 08:01:00 UTC)",
      "Restorable after: 2026-11-24 16:01:00 UTC (dump of 2026-11-24 16:01:00 UTC); " +
        "2026-11-24 18:01:00 UTC (dump of 2026-11-24 18:01:00 UTC); " +
        "2026-11-24 20:01:00 UTC (dump of 2026-11-24 20:01:00 UTC)",
      "Each is an exact point; pass one as target_time for its chain.",
    ]);
    // Every listed point is restorable with the chain described.
    for (const p of [...(plan.points_before ?? []), ...(plan.points_after ?? [])]) {
      const exact = planRestore([snap, full, inc10, inc12, ...dumps], Date.parse(p.point), NOW);
      expect(exact.restorable).toBe(true);
      expect(exact.chain[0]?.id).toBe(p.base.id);
      expect(exact.chain).toHaveLength(1 + p.incrementals + p.binlogs);
    }
  });

  it("a binlog gap with coverage resuming: one stretch after it, not the incrementals inside it", () => {
    // Like orders-prod at 2026-11-27 09:30: binlogs lost 10:00-16:00, incrementals at 17, 19, 21
    // all inside the coverage that resumes at 16:00 and runs to 23:00.
    const full = backup({ type: "full", at: at(2) });
    const incs = [17, 19, 21].map((h) => backup({ type: "incremental", at: at(h), ref: full.id }));
    const logs = [...binlogs(at(0), at(10)), ...binlogs(at(16), at(23))];
    const all = [full, ...incs, ...logs];
    const plan = planRestore(all, at(13), NOW);
    expect(plan.restorable).toBe(false);
    expect(plan.points_after).toHaveLength(1);
    expect(plan.points_after?.[0]).toMatchObject({
      point: iso(at(17) + 60_000),
      range: { from: iso(at(17) + 60_000), to: iso(at(23)), to_latest: true },
      base: { id: full.id },
      incrementals: 1,
      binlogs: 0,
    });
    // Before: the newest reachable moment is the end of coverage, 10:00, reached through binlogs.
    expect(plan.nearest_before).toBe(iso(at(10)));
    expect(plan.points_before).toHaveLength(1);
    const lines = planText("dbaaa00000001", plan).split("\n");
    expect(lines[2]).toBe(
      "Restorable after: any moment from 2026-11-24 17:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental) on, through binary logs",
    );
    // Every moment of each stretch is restorable, its ends and its middle.
    for (const p of [...(plan.points_before ?? []), ...(plan.points_after ?? [])]) {
      const from = Date.parse(p.range!.from);
      const to = Date.parse(p.range!.to);
      for (const t of [from, (from + to) / 2, to])
        expect(planRestore(all, t, NOW).restorable).toBe(true);
    }
    // The moments just outside each stretch are not.
    expect(planRestore(all, at(10) + 1000, NOW).restorable).toBe(false);
    expect(planRestore(all, at(17) + 59_000, NOW).restorable).toBe(false);
  });

  it("a stretch that ends at another gap reads 'to' its end, not 'on'", () => {
    const full = backup({ type: "full", at: at(2) });
    const inc = backup({ type: "incremental", at: at(12), ref: full.id });
    const late = backup({ type: "full", at: at(20) });
    // Coverage 00-06, gap, 11-14, gap, 20-22.
    const logs = [...binlogs(at(0), at(6)), ...binlogs(at(11), at(14)), ...binlogs(at(20), at(22))];
    const plan = planRestore([full, inc, late, ...logs], at(8), NOW);
    expect(plan.points_after?.map((p) => [p.point, p.range?.to, p.range?.to_latest])).toEqual([
      [iso(at(12) + 60_000), iso(at(14)), false],
      [iso(at(20) + 60_000), iso(at(22)), true],
    ]);
    expect(planText("dbaaa00000001", plan)).toContain(
      "Restorable after: any moment from 2026-11-24 12:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental) to 2026-11-24 14:00:00 UTC, through binary logs; any moment from 2026-11-24 20:01:00 UTC",
    );
  });

  it("latest: says how old the point is, and warns past 26h", () => {
    const full = backup({ type: "full", at: NOW - 18 * DAY - 10 * HOUR });
    const inc = backup({ type: "incremental", at: NOW - 18 * DAY - 8 * HOUR, ref: full.id });
    const stale = planRestore([full, inc], "latest", NOW);
    // The incremental's point is start + 1 minute: 18 days 7h59m ago = 439.98h.
    expect(stale).toMatchObject({ restorable: true, latest_age_hours: 440 });
    const lines = planText("dbaaa00000001", stale).split("\n");
    expect(lines[0]).toBe(
      "Restorable to 2026-11-08 04:01:00 UTC (the latest restorable point, 18.3 days old) using 2 backups of dbaaa00000001, applied in this order:",
    );
    expect(lines[1]).toBe(
      "Warning: the latest restorable point is 18.3 days old (over 26h): everything written since is lost.",
    );
    // 10 hours old: the age is said, no warning.
    const recent = backup({ type: "full", at: NOW - 10 * HOUR - 60_000 });
    const fresh = planRestore([recent], "latest", NOW);
    expect(fresh.latest_age_hours).toBe(10);
    const text = planText("dbaaa00000001", fresh);
    expect(text.split("\n")[0]).toContain("(the latest restorable point, 10h old)");
    expect(text).not.toContain("Warning");
    // The boundary: 26h is within the target, 26.1h is not.
    const at26 = planRestore(
      [backup({ type: "full", at: NOW - 26 * HOUR - 60_000 })],
      "latest",
      NOW,
    );
    expect(planText("dbaaa00000001", at26)).not.toContain("Warning");
    const past = planRestore(
      [backup({ type: "full", at: NOW - 26.1 * HOUR - 60_000 })],
      "latest",
      NOW,
    );
    expect(planText("dbaaa00000001", past)).toContain(
      "Warning: the latest restorable point is 26.1h old",
    );
    // A specific target is not "latest": no age.
    expect(planRestore([recent], Date.parse(fresh.point!), NOW).latest_age_hours).toBeUndefined();
  });

  it("prefers a physical full + 3 binlogs over a dump + 2 binlogs, and says why", () => {
    const full = backup({ type: "full", at: at(2) });
    const dump = backup({ type: "dump", at: at(3) });
    const logs = binlogs(at(0), at(10));
    // To 04:30: full 02:01 + binlogs 03, 04, 05 (4 steps); dump 03:01 + binlogs 04, 05 (3 steps).
    const plan = planRestore([full, dump, ...logs], at(4) + 30 * 60_000, NOW);
    expect(plan.chain.map((s) => s.id)).toEqual([full.id, ...logs.slice(3, 6).map((b) => b.id)]);
    expect(plan.base_choice).toBe(
      "a dump would need fewer steps (3, not 4), but reloading it is slower than restoring a physical full",
    );
    expect(planText("dbaaa00000001", plan)).toContain(
      "\nNote: a dump would need fewer steps (3, not 4), but reloading it is slower than restoring a physical full.",
    );
    // A snapshot is physical too.
    const snap = backup({ type: "snapshot", at: at(2) });
    const viaSnap = planRestore([snap, dump, ...logs], at(4) + 30 * 60_000, NOW);
    expect(viaSnap.chain[0]?.id).toBe(snap.id);
    // Without a dump in reach nothing is said.
    const noDump = planRestore([full, ...logs], at(4) + 30 * 60_000, NOW);
    expect(noDump.base_choice).toBeUndefined();
    expect(planText("dbaaa00000001", noDump)).not.toContain("Note:");
  });

  it("takes the dump when it saves more than 6 steps, and says the physical chain is longer", () => {
    const full = backup({ type: "full", at: at(0) });
    const dump = backup({ type: "dump", at: at(9) });
    const logs = binlogs(at(0), at(20));
    // To 10:00: full 00:01 + binlogs 01..10 = 11 steps; dump 09:01 + binlog 10 = 2 (+6 = 8 < 11).
    const plan = planRestore([full, dump, ...logs], at(10), NOW);
    expect(plan.chain.map((s) => s.id)).toEqual([dump.id, logs[10]?.id]);
    expect(plan.base_choice).toBe(
      "reloading a dump is slower than a physical restore, but the best full/snapshot chain needs 11 steps, not 2",
    );
    // Saving exactly 6 steps is a tie, which the physical base wins although the dump replays less:
    // dump 06:01 + binlogs 07..10 = 5 (+6 = 11). Saving 7 takes the dump: 07:01 + 08..10 = 4 (+6 = 10).
    const tie = planRestore([full, backup({ type: "dump", at: at(6) }), ...logs], at(10), NOW);
    expect(tie.chain[0]?.id).toBe(full.id);
    const dump7 = backup({ type: "dump", at: at(7) });
    expect(planRestore([full, dump7, ...logs], at(10), NOW).chain[0]?.id).toBe(dump7.id);
  });
});
