import { describe, expect, it } from "vitest";
import { SCENARIOS, generateDataset, type Backup } from "../../helpers/emulator.js";
import { DAY, HOUR, T0 } from "./emulator-api.js";

const MINUTE = 60_000;

const now = (): Date => new Date(T0);
const data = generateDataset({ now });
const of = (id: string): Backup[] => data.backups.filter((b) => b.service_id === id);
const ageDays = (iso: string): number => (T0 - Date.parse(iso)) / DAY;
const pit = (b: Backup): number => Date.parse(`${b.point_in_time.replace(" ", "T")}Z`);

describe("scenario roles", () => {
  it("names a distinct generated service for every role", () => {
    expect(data.scenarios).toEqual(SCENARIOS);
    expect(new Set(Object.values(SCENARIOS)).size).toBe(9);
    for (const id of Object.values(SCENARIOS)) expect(data.services).toContain(id);
  });

  it("healthy: nothing failed in the last week and binlogs cover the time since the last full", () => {
    const mine = of(SCENARIOS.healthy);
    expect(mine.filter((b) => ageDays(b.start_time) < 7 && b.status !== "Succeeded")).toEqual([]);
    const lastFull = mine.findLast((b) => b.type === "full");
    expect(ageDays(lastFull?.start_time ?? "")).toBeLessThan(1.1);
    const binlogs = mine.filter((b) => b.type === "binarylog");
    expect(ageDays(binlogs[0]?.start_time ?? "")).toBeGreaterThan(2);
    for (let i = 1; i < binlogs.length; i += 1) {
      expect(pit(binlogs[i]!) - pit(binlogs[i - 1]!)).toBe(HOUR);
    }
    expect(T0 - pit(binlogs.at(-1)!)).toBeLessThan(HOUR);
  });

  it("stopped: newest backup is 3.5 to 4.5 days old, schedules still there", () => {
    const newest = of(SCENARIOS.stopped).at(-1);
    expect(ageDays(newest?.start_time ?? "")).toBeGreaterThan(3.5);
    expect(ageDays(newest?.start_time ?? "")).toBeLessThan(4.5);
    const schedules = [...data.schedules.values()].filter(
      (s) => s.service_id === SCENARIOS.stopped,
    );
    expect(schedules.length).toBeGreaterThanOrEqual(3);
    expect(schedules.some((s) => s.suspended)).toBe(false);
  });

  it("failing: the last five backups failed in a row", () => {
    const last = of(SCENARIOS.failing).slice(-5);
    expect(last).toHaveLength(5);
    expect(last.map((b) => b.status)).toEqual(Array(5).fill("Failed"));
  });

  it("stuck: exactly one backup, started about 9 hours ago, is still running", () => {
    const running = data.backups.filter((b) => b.status === "Running");
    expect(running).toHaveLength(1);
    expect(running[0]?.service_id).toBe(SCENARIOS.stuck);
    expect(running[0]?.end_time).toBe("");
    expect((T0 - Date.parse(running[0]?.start_time ?? "")) / HOUR).toBeCloseTo(9, 0);
  });

  it("stuck: the newest full before the stuck one said Succeeded and holds 0 bytes", () => {
    const fulls = of(SCENARIOS.stuck).filter((b) => b.type === "full" && b.status === "Succeeded");
    expect(fulls.at(-1)).toMatchObject({ backup_size: 0, storage_bytes: 0 });
    // The stuck one started about 9 hours ago: the full before it is from the last day or so.
    expect(ageDays(fulls.at(-1)?.start_time ?? "")).toBeLessThan(1.5);
    expect(fulls.slice(0, -1).every((b) => b.backup_size > 0)).toBe(true);
    expect(data.backups.filter((b) => b.status === "Succeeded" && b.backup_size === 0)).toEqual([
      fulls.at(-1),
    ]);
  });

  it("suspended: every schedule suspended and backups stopped", () => {
    const schedules = [...data.schedules.values()].filter(
      (s) => s.service_id === SCENARIOS.suspended,
    );
    expect(schedules.length).toBeGreaterThan(0);
    expect(schedules.every((s) => s.suspended)).toBe(true);
    expect(ageDays(of(SCENARIOS.suspended).at(-1)?.start_time ?? "")).toBeGreaterThan(1.5);
  });

  it("unscheduled: old backups but no schedules at all", () => {
    expect(
      [...data.schedules.values()].filter((s) => s.service_id === SCENARIOS.unscheduled),
    ).toEqual([]);
    const mine = of(SCENARIOS.unscheduled);
    expect(mine.length).toBeGreaterThan(10);
    expect(ageDays(mine.at(-1)?.start_time ?? "")).toBeGreaterThan(14);
  });

  it("binlogGap: binlog backups skip a ~6 hour window about 2 days ago", () => {
    const binlogs = of(SCENARIOS.binlogGap).filter((b) => b.type === "binarylog");
    const gaps = binlogs
      .slice(1)
      .map((b, i) => ({ hours: (pit(b) - pit(binlogs[i]!)) / HOUR, at: pit(b) }));
    const big = gaps.filter((g) => g.hours > 1);
    expect(big).toHaveLength(1);
    expect(big[0]?.hours).toBe(6);
    expect((T0 - (big[0]?.at ?? 0)) / DAY).toBeGreaterThan(1.5);
    expect((T0 - (big[0]?.at ?? 0)) / DAY).toBeLessThan(2.5);
  });

  it("incrementalOnly: no full in 8 days, recent incrementals still point at an old full", () => {
    const mine = of(SCENARIOS.incrementalOnly);
    expect(mine.filter((b) => b.type === "full" && ageDays(b.start_time) < 8)).toEqual([]);
    const recent = mine.filter((b) => b.type === "incremental" && ageDays(b.start_time) < 1);
    expect(recent.length).toBeGreaterThan(2);
    expect(recent.every((b) => b.reference_full_backup !== "")).toBe(true);
    const schedules = [...data.schedules.values()].filter(
      (s) => s.service_id === SCENARIOS.incrementalOnly,
    );
    expect(schedules.map((s) => s.type).sort()).toEqual(["binarylog", "incremental"]);
  });

  it("incrementalOnly: its schedules were cut to weekday office hours 25 minutes ago", () => {
    const schedules = [...data.schedules.values()].filter(
      (s) => s.service_id === SCENARIOS.incrementalOnly,
    );
    expect(schedules.map((s) => [s.type, s.schedule]).sort()).toEqual([
      ["binarylog", "0 6-18 * * 1-5"],
      ["incremental", "0 */6 * * 1-5"],
    ]);
    for (const s of schedules) {
      expect(Date.parse(s.updated_at)).toBe(T0 - 25 * MINUTE);
      expect(Date.parse(s.created_at)).toBeLessThan(T0 - 30 * DAY);
    }
  });

  it.each([
    // A Saturday: nothing runs after the cut, while orders-prod runs its 12:00 backups.
    ["2025-06-14T12:20:00Z", [], ["binarylog", "incremental"]],
    // A Monday in office hours: the runs of 12:00 are those of the new crons too.
    ["2025-06-16T12:20:00Z", ["binarylog", "incremental"], ["binarylog", "incremental"]],
    // A Monday evening: no binlog after 18:00.
    ["2025-06-16T21:20:00Z", [], ["binarylog"]],
  ])("incrementalOnly at %s: after the cut, runs follow the new crons", (iso, cut, usual) => {
    const nowMs = Date.parse(iso);
    const d = generateDataset({ now: () => new Date(nowMs) });
    const since = (id: string): string[] =>
      d.backups
        .filter((b) => b.service_id === id && Date.parse(b.start_time) >= nowMs - 25 * MINUTE)
        .map((b) => b.type)
        .sort();
    expect(since(SCENARIOS.incrementalOnly)).toEqual(cut);
    expect(since(SCENARIOS.healthy)).toEqual(usual);
  });

  it("with 6 services, compatible roles share a service and every role is still present", () => {
    const small = generateDataset({ now, services: 6 });
    expect(small.services).toHaveLength(6);
    expect(small.scenarios.binlogGap).toBe(small.scenarios.stuck);
    expect(small.scenarios.incrementalOnly).toBe(small.scenarios.failing);
    expect(Object.keys(small.scenarios)).toHaveLength(8);
  });
});

describe("roles for any seed and clock", () => {
  const cases = [1, 2, 3, 99, 12345, 2 ** 31].map((seed, k) => ({
    seed,
    nowMs: T0 + k * 7.3 * HOUR + k * 61_000,
  }));

  it.each(cases)("hold for seed $seed", ({ seed, nowMs }) => {
    const d = generateDataset({ seed, now: () => new Date(nowMs) });
    const mine = (id: string): Backup[] => d.backups.filter((b) => b.service_id === id);
    const age = (b: Backup | undefined): number => (nowMs - Date.parse(b?.start_time ?? "")) / DAY;
    expect(
      mine(SCENARIOS.failing)
        .slice(-5)
        .map((b) => b.status),
    ).toEqual(Array(5).fill("Failed"));
    expect(age(mine(SCENARIOS.stopped).at(-1))).toBeGreaterThan(3.5);
    expect(age(mine(SCENARIOS.stopped).at(-1))).toBeLessThan(4.5);
    const running = d.backups.filter((b) => b.status === "Running");
    expect(running.map((b) => b.service_id)).toEqual([SCENARIOS.stuck]);
    expect(age(running[0]) * 24).toBeCloseTo(9, 0);
    const binlogs = mine(SCENARIOS.binlogGap).filter((b) => b.type === "binarylog");
    const steps = binlogs.slice(1).map((b, i) => (pit(b) - pit(binlogs[i]!)) / HOUR);
    expect(steps.filter((h) => h !== 1)).toEqual([6]);
    const healthy = mine(SCENARIOS.healthy);
    expect(healthy.filter((b) => b.status !== "Succeeded")).toEqual([]);
    const full = mine(SCENARIOS.incrementalOnly).findLast((b) => b.type === "full");
    expect(age(full)).toBeGreaterThan(8);
  });
});
