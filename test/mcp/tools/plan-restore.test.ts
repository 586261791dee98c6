import { describe, expect } from "vitest";
import { SCENARIOS, type Backup } from "../../helpers/emulator.js";
import { structured, textOf, type Harness } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

const NOW = new Date("2026-11-26T12:00:00Z");

interface Step {
  role: string;
  type: string;
  id: string;
  point_in_time: string;
}
interface Plan {
  service_id: string;
  restorable: boolean;
  latest: boolean;
  target_time?: string;
  point?: string;
  chain: Step[];
  reason?: { kind: string; message: string; from?: string; to?: string };
  nearest_before?: string;
  nearest_after?: string;
  latest_age_hours?: number;
  backups_scanned: number;
}

const pitMs = (b: Backup): number => Date.parse(`${b.point_in_time.replace(" ", "T")}Z`);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const isBase = (b: Backup): boolean => ["full", "snapshot", "dump"].includes(b.type);

/**
 * The chain worked out independently from the emulator's own records: the newest successful
 * base at or before the target, its successful incrementals up to the target, then binlogs
 * through the first at or after the target.
 */
function expectedChain(backups: Backup[], target: number): string[] {
  const ok = backups.filter((b) => b.status === "Succeeded").sort((a, b) => pitMs(a) - pitMs(b));
  const base = ok.filter((b) => isBase(b) && pitMs(b) <= target).at(-1)!;
  const incs = ok.filter((b) => b.reference_full_backup === base.id && pitMs(b) <= target);
  const from = pitMs(incs.at(-1) ?? base);
  const logs: Backup[] = [];
  for (const b of ok) {
    if (b.type !== "binarylog" || pitMs(b) <= from || from === target) continue;
    logs.push(b);
    if (pitMs(b) >= target) break;
  }
  return [base, ...incs, ...logs].map((b) => b.id);
}

const it = testWithHarness({ now: () => NOW });

describe("plan_restore against the demo dataset", () => {
  const of = (h: Harness, id: string): Backup[] =>
    h.emulator.state.backups.filter((b) => b.service_id === id);
  const plan = async (h: Harness, service_id: string, target_time: string) => {
    const result = await h.call("plan_restore", { service_id, target_time });
    return { result, plan: structured<Plan>(result), text: textOf(result) };
  };

  it.for(["2026-11-25T14:05:00Z", "2026-11-24 02:30:00", "2026-11-26T06:30:00Z"])(
    "healthy, %s: restorable with the chain the records imply",
    async (target, { h }) => {
      const { plan: p, text } = await plan(h, SCENARIOS.healthy, target);
      const targetMs = Date.parse(target.includes("T") ? target : `${target.replace(" ", "T")}Z`);
      expect(p).toMatchObject({
        restorable: true,
        latest: false,
        target_time: iso(targetMs),
        point: iso(targetMs),
      });
      expect(p.chain.map((s) => s.id)).toEqual(expectedChain(of(h, SCENARIOS.healthy), targetMs));
      expect(p.chain[0]?.role).toBe("base");
      // plan_restore's wording test: the verdict first, then one line per backup to apply.
      const lines = text.split("\n");
      expect(lines[0]).toMatch(
        new RegExp(
          `^Restorable to ${iso(targetMs).replace("T", " ").replace("Z", "")} UTC using ${p.chain.length} backups`,
        ),
      );
      expect(lines.slice(1)).toHaveLength(p.chain.length);
      expect(lines[1]).toContain(`id=${p.chain[0]?.id}`);
    },
  );

  it("older than the binary logs: only a backup's own point is restorable", async ({ h }) => {
    const dump = of(h, SCENARIOS.healthy)
      .filter((b) => b.type === "dump" && b.status === "Succeeded")
      .at(-1)!;
    const exact = (await plan(h, SCENARIOS.healthy, dump.point_in_time)).plan;
    expect(exact.chain).toEqual([
      { role: "base", type: "dump", id: dump.id, point_in_time: iso(pitMs(dump)) },
    ]);
    const later = await plan(h, SCENARIOS.healthy, iso(pitMs(dump) + 60_000));
    expect(later.plan).toMatchObject({
      restorable: false,
      target_time: iso(pitMs(dump) + 60_000),
      chain: [],
      reason: { kind: "binlogs_start", from: iso(pitMs(dump)) },
    });
    expect(later.plan.reason?.message).toMatch(/^no binary-log backups cover /);
    expect(later.plan.nearest_before).toBe(iso(pitMs(dump)));
  });

  it("what toISOString() writes, a relative time and a minute-only time are accepted", async ({
    h,
  }) => {
    const exact = (await plan(h, SCENARIOS.healthy, "2026-11-25T14:05:00Z")).plan;
    for (const same of ["2026-11-25T14:05:00.000Z", "-1315m", "2026-11-25 14:05"]) {
      const other = await plan(h, SCENARIOS.healthy, same);
      expect(other.result.isError).toBeFalsy();
      expect(other.plan.chain).toEqual(exact.chain);
      expect(other.plan.point).toBe("2026-11-25T14:05:00Z");
    }
    // Milliseconds are kept, not rounded away: the chain replays through the log covering them.
    const fractional = await plan(h, SCENARIOS.healthy, "2026-11-26T06:30:00.123Z");
    expect(fractional.result.isError).toBeFalsy();
    expect(fractional.plan.restorable).toBe(true);
  });

  it("an offset time means the same moment as its UTC form", async ({ h }) => {
    const a = (await plan(h, SCENARIOS.healthy, "2026-11-25T16:05:00+02:00")).plan;
    const b = (await plan(h, SCENARIOS.healthy, "2026-11-25T14:05:00Z")).plan;
    expect(a.chain).toEqual(b.chain);
  });

  it("inside the binlog gap: not restorable, the gap named, nearest points that are restorable", async ({
    h,
  }) => {
    const { plan: p } = await plan(h, SCENARIOS.binlogGap, "2026-11-24T14:05:00Z");
    expect(p.restorable).toBe(false);
    expect(p.target_time).toBe("2026-11-24T14:05:00Z");
    expect(p.chain).toEqual([]);
    const logs = of(h, SCENARIOS.binlogGap).filter(
      (b) => b.type === "binarylog" && b.status === "Succeeded",
    );
    const k = logs.findIndex((b, i) => i > 0 && pitMs(b) - pitMs(logs[i - 1]!) > 3_600_000);
    expect(p.reason).toEqual({
      kind: "binlog_gap",
      message: "binary-log gap 2026-11-24 10:00–16:00 UTC",
      from: iso(pitMs(logs[k - 1]!)),
      to: iso(pitMs(logs[k]!)),
    });
    // Before: the newest base or incremental inside the gap restores to its own point.
    const target = Date.parse("2026-11-24T14:05:00Z");
    const starts = of(h, SCENARIOS.binlogGap).filter(
      (b) => b.status === "Succeeded" && b.type !== "binarylog",
    );
    const inGap = starts
      .filter((b) => pitMs(b) > pitMs(logs[k - 1]!) && pitMs(b) <= target)
      .at(-1)!;
    expect(p.nearest_before).toBe(iso(pitMs(inGap)));
    expect(p.nearest_after).toBe(iso(pitMs(starts.find((b) => pitMs(b) > target)!)));
    for (const near of [p.nearest_before!, p.nearest_after!]) {
      expect((await plan(h, SCENARIOS.binlogGap, near)).plan.restorable).toBe(true);
    }
  });

  it("latest: the newest binlog point, reached through the newest base", async ({ h }) => {
    const { plan: p, text } = await plan(h, SCENARIOS.healthy, "latest");
    const newestLog = of(h, SCENARIOS.healthy)
      .filter((b) => b.type === "binarylog")
      .at(-1)!;
    expect(p).toMatchObject({ restorable: true, latest: true, point: iso(pitMs(newestLog)) });
    expect(p.chain.at(-1)?.id).toBe(newestLog.id);
    expect(p.chain.map((s) => s.id)).toEqual(
      expectedChain(of(h, SCENARIOS.healthy), pitMs(newestLog)),
    );
    // Its age, from the records: the newest binlog point against the call's clock.
    const age = Math.round((NOW.getTime() - pitMs(newestLog)) / 360_000) / 10;
    expect(p.latest_age_hours).toBe(age);
    // A fresh latest point: no warning (warnings are the text's own).
    expect(text).not.toContain("Warning");
    // The failing service's binlogs stopped succeeding 6.5 hours ago: latest is its last good one.
    const failing = (await plan(h, SCENARIOS.failing, "latest")).plan;
    const lastGood = of(h, SCENARIOS.failing)
      .filter((b) => b.type === "binarylog" && b.status === "Succeeded")
      .at(-1)!;
    expect(failing.point).toBe(iso(pitMs(lastGood)));
  });

  it("latest of a service backed up no more: its age and a warning", async ({ h }) => {
    const { plan: p, text } = await plan(h, SCENARIOS.unscheduled, "latest");
    const newest = Math.max(
      ...of(h, SCENARIOS.unscheduled)
        .filter((b) => b.status === "Succeeded")
        .map(pitMs),
    );
    const hours = Math.round((NOW.getTime() - newest) / 360_000) / 10;
    expect(hours).toBeGreaterThan(26);
    expect(p).toMatchObject({ restorable: true, point: iso(newest), latest_age_hours: hours });
    expect(text.split("\n")[1]).toMatch(
      /^Warning: the latest restorable point is [\d.]+ (days|h) old \(over 26h\): everything written since is lost\.$/,
    );
  });

  it("before any backup: no base, and the first restorable point after", async ({ h }) => {
    const { plan: p } = await plan(h, SCENARIOS.healthy, "2026-10-01T00:00:00Z");
    expect(p).toMatchObject({
      restorable: false,
      chain: [],
      reason: {
        kind: "no_base",
        message: "no successful full, snapshot or dump backup at or before the target",
      },
    });
    const firstBase = of(h, SCENARIOS.healthy).find((b) => isBase(b) && b.status === "Succeeded")!;
    expect(p.nearest_after).toBe(iso(pitMs(firstBase)));
    expect(p.nearest_before).toBeUndefined();
  });

  it("reads the service's backups through the service_id filter, every page", async ({ h }) => {
    const before = h.emulator.requests.length;
    const { plan: p } = await plan(h, SCENARIOS.stuck, "latest");
    const sent = h.emulator.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(
      sent.every((r) => new URLSearchParams(r.query).get("service_id") === SCENARIOS.stuck),
    ).toBe(true);
    expect(p.backups_scanned).toBe(of(h, SCENARIOS.stuck).length);
  });

  it("an id with no backups and no schedules is refused as unknown, not planned", async ({ h }) => {
    const result = await h.call("plan_restore", {
      service_id: "dbzzz99999999",
      target_time: "latest",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "plan_restore: no backups or schedules are known for dbzzz99999999: check the id; list_services shows the known ones",
    );
  });

  it("a future target is an error that says so, before any request", async ({ h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("plan_restore", {
      service_id: SCENARIOS.healthy,
      target_time: "2026-11-26T12:00:01Z",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("is in the future");
    expect(h.emulator.requests.length).toBe(before);
  });

  it.for([
    "yesterday",
    "",
    "2026-13-01T00:00:00Z",
    "2026-02-30 10:00:00",
    "2026-11-26T25:00:00Z",
    "-1w",
    "2026-11-26T14:05:00+15:00",
    "26/11/2026 14:05",
    "LATEST",
  ])("refuses target_time %j before any request", async (target_time, { h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("plan_restore", { service_id: SCENARIOS.healthy, target_time });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("target_time");
    expect(h.emulator.requests.length).toBe(before);
  });

  it("refuses a bad service id before any request", async ({ h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("plan_restore", {
      service_id: "../schedules",
      target_time: "latest",
    });
    expect(result.isError).toBe(true);
    expect(h.emulator.requests.length).toBe(before);
  });
});
