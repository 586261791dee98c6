import { describe, expect, it } from "vitest";
import { readBackup, type Backup, type Schedule } from "../../../src/api/records.js";
import { createAuditor } from "../../../src/audit/auditor.js";
import { auditText } from "../../../src/audit/text.js";
import type { AuditReport } from "../../../src/audit/types.js";
import { DAY, HOUR, NOW, backup, binlogs } from "../../helpers/backups.js";

const SVC = "dbaaa00000001";
const DAILY: Schedule[] = [{ id: 1, service_id: SVC, type: "full", schedule: "0 2 * * *" }];

function audit(
  backups: Backup[],
  // null: the schedules were not read (undefined would pick the default).
  schedules: Schedule[] | null = DAILY,
  options: { services?: string[]; maxAgeHours?: number } = {},
): AuditReport {
  const auditor = createAuditor({
    now: new Date(NOW),
    maxAgeHours: options.maxAgeHours ?? 26,
    lookbackDays: 7,
    maxFullAgeDays: 7,
    ...(options.services && { services: options.services }),
  });
  auditor.add(backups);
  if (schedules) for (const id of auditor.serviceIds()) auditor.addSchedules(id, schedules);
  return auditor.finish();
}

const kinds = (r: AuditReport): string[] => r.findings.map((f) => `${f.service_id}/${f.kind}`);
const fulls = (hoursAgo: number[], status = "Succeeded"): Backup[] =>
  hoursAgo.map((h) => backup({ at: NOW - h * HOUR, status }));

describe("createAuditor", () => {
  it("finds nothing wrong with daily fulls and reports ok", () => {
    const r = audit(fulls([10, 34, 58]));
    expect(r.verdict).toBe("ok");
    expect(r.findings).toEqual([]);
    expect(r.services[0]).toMatchObject({
      service_id: SVC,
      status: "ok",
      backups_total: 3,
      last_success: { type: "full", age_hours: 10 },
      window: {
        backups: 3,
        by_status: { succeeded: 3 },
        by_type: { full: 3 },
        storage_bytes: 3000,
      },
      schedules: { count: 1, suspended: 0 },
    });
    expect(r.services[0]?.schedules?.next_runs[0]).toMatchObject({
      time: "2026-11-27T02:00:00Z",
      type: "full",
    });
    expect(auditText(r).split("\n")[0]).toBe(
      "OK: 1 service within targets · 3 backups scanned · RPO 26h · last 7d · times UTC",
    );
  });

  it("failing_streak at exactly 3, not at 2", () => {
    const ok = fulls([80]);
    // Schedules unread: the fulls run at 10:00, which a 02:00 schedule would count as missed runs.
    const three = audit([...ok, ...fulls([50, 26, 2], "Failed")], null, { maxAgeHours: 100 });
    expect(kinds(three)).toEqual([`${SVC}/failing_streak`]);
    expect(three.findings[0]).toMatchObject({ severity: "critical", count: 3 });
    expect(three.findings[0]?.message).toContain("Last 3 backups failed in a row");
    const two = audit([...ok, ...fulls([26, 2], "Failed")], null, { maxAgeHours: 100 });
    expect(kinds(two)).toEqual([`${SVC}/recent_failures`]);
    expect(two.verdict).toBe("ok");
  });

  it("a streak longer than what is kept is reported as 'at least'", () => {
    const hours = Array.from({ length: 40 }, (_, i) => 2 + i);
    const r = audit([...fulls([100]), ...fulls(hours, "Failed")], DAILY, { maxAgeHours: 200 });
    expect(r.findings[0]?.message).toContain("Last at least 32 backups failed in a row");
  });

  it("a per-type streak shows through successful binlogs", () => {
    const logs = binlogs(NOW - 80 * HOUR, NOW - HOUR);
    const r = audit([...fulls([80]), ...fulls([74, 50, 26], "Failed"), ...logs]);
    expect(r.findings.find((f) => f.kind === "failing_streak")?.message).toContain(
      "Last 3 full backups failed in a row",
    );
  });

  it("stuck_running only past 6 hours, not at exactly 6", () => {
    const running = (h: number, s = 0): Backup =>
      backup({ at: NOW - h * HOUR - s * 1000, status: "Running" });
    expect(kinds(audit([...fulls([1]), running(6)]))).toEqual([]);
    const r = audit([...fulls([1]), running(6, 1)]);
    expect(kinds(r)).toEqual([`${SVC}/stuck_running`]);
    expect(r.verdict).toBe("warning");
  });

  it("stale past the target, not at it; never_succeeded when nothing ever worked", () => {
    // A full's point is one minute after its start.
    expect(kinds(audit(fulls([26 + 1 / 60]), null))).toEqual([]);
    expect(kinds(audit(fulls([26 + 2 / 60]), null))).toEqual([`${SVC}/stale`]);
    expect(kinds(audit(fulls([5, 4], "Failed")))).toEqual([`${SVC}/never_succeeded`]);
    // Asked for, no backups, but a schedule: a real service whose schedule never ran.
    const created = { ...DAILY[0], created_at: "2026-11-20T09:00:00Z" };
    const idle = audit([], [created], { services: ["dbzzz00000009"] });
    expect(kinds(idle)).toEqual(["dbzzz00000009/never_succeeded", "dbzzz00000009/never_produced"]);
    expect(idle.findings[0]).toMatchObject({ count: 0 });
    expect(idle.findings[1]?.message).toBe(
      "daily full #1 has produced no backup since its creation 2026-11-20 09:00 UTC (6 runs due); check the schedule (list_backup_schedules) and the service.",
    );
    // Neither backups nor schedules: an unknown id, not a service with nothing scheduled.
    const missing = audit([], [], { services: ["dbzzz00000009"] });
    expect(kinds(missing)).toEqual(["dbzzz00000009/unknown_service"]);
  });

  it("schedules: none, all suspended, some suspended", () => {
    const suspended = (id: number, type: string): Schedule => ({
      id,
      type,
      schedule: "0 2 * * *",
      suspended: true,
    });
    expect(kinds(audit(fulls([2]), []))).toEqual([`${SVC}/no_schedule`]);
    expect(kinds(audit(fulls([2]), [suspended(1, "full"), suspended(2, "dump")]))).toEqual([
      `${SVC}/all_suspended`,
    ]);
    const some = audit(fulls([2]), [...DAILY, suspended(2, "dump")]);
    expect(some.findings[0]).toMatchObject({ kind: "some_suspended", severity: "info", count: 1 });
    // Schedules not read: no schedule finding either way.
    expect(kinds(audit(fulls([2]), null))).toEqual([]);
  });

  it("no_recent_full when the window holds only incrementals", () => {
    const old = backup({ at: NOW - 9 * DAY });
    const incs = [30, 20, 2].map((h) =>
      backup({ type: "incremental", at: NOW - h * HOUR, ref: old.id }),
    );
    const r = audit([old, ...incs], null);
    expect(kinds(r)).toEqual([`${SVC}/no_recent_full`]);
    expect(r.findings[0]?.since).toBe(
      new Date(old.point_in_time?.replace(" ", "T") + "Z").toISOString().replace(".000", ""),
    );
  });

  it("binlog_gap inside the window (and one straddling its start), not one before it", () => {
    const start = NOW - 7 * DAY;
    const logs = [
      ...binlogs(start - 20 * HOUR, start - 15 * HOUR),
      ...binlogs(start - 10 * HOUR, start - 2 * HOUR),
      ...binlogs(start + 2 * HOUR, NOW - 50 * HOUR),
      ...binlogs(NOW - 44 * HOUR, NOW - HOUR),
    ];
    const r = audit([...fulls([2, 26, 50, 74, 98, 122, 146]), ...logs]);
    const gaps = r.findings.filter((f) => f.kind === "binlog_gap");
    expect(gaps.map((g) => [g.from, g.to])).toEqual([
      ["2026-11-19T10:00:00Z", "2026-11-19T14:00:00Z"],
      ["2026-11-24T10:00:00Z", "2026-11-24T16:00:00Z"],
    ]);
    expect(gaps[1]?.message).toContain("Binary-log gap 2026-11-24 10:00–16:00 UTC");
  });

  it("gives the same report whatever order and batches the backups arrive in", () => {
    const all = [
      ...fulls([2, 26, 50]),
      ...fulls([3, 4, 5], "Failed"),
      ...binlogs(NOW - 30 * HOUR, NOW - HOUR),
    ];
    const forward = audit(all);
    const auditor = createAuditor({
      now: new Date(NOW),
      maxAgeHours: 26,
      lookbackDays: 7,
      maxFullAgeDays: 7,
    });
    const reversed = [...all].reverse();
    for (let i = 0; i < reversed.length; i += 7) auditor.add(reversed.slice(i, i + 7));
    auditor.addSchedules(SVC, DAILY);
    expect(auditor.finish()).toEqual(forward);
  });

  it("reads odd records without crashing and counts them as scanned", () => {
    const junk = [
      null,
      42,
      {},
      { service_id: SVC, status: 7, start_time: "soon" },
      { service_id: SVC, type: "full", status: "SUCCEEDED", end_time: "2026-11-26T10:00:00Z" },
    ].map(readBackup);
    junk.push(
      backup({ type: "constructor", at: NOW - 30 * HOUR }),
      backup({ type: "__proto__", at: NOW - 30 * HOUR, status: "Weird" }),
    );
    const r = audit(junk);
    expect(r.backups_scanned).toBe(7);
    const byType = Object.entries(r.services[0]?.window.by_type ?? {});
    expect(byType).toEqual(
      expect.arrayContaining([
        ["constructor", 1],
        ["__proto__", 1],
      ]),
    );
    expect(r.services[0]?.window.by_status).toMatchObject({ other: 1 });
    expect(r.services[0]?.last_success).toMatchObject({
      type: "full",
      time: "2026-11-26T10:00:00Z",
    });
  });

  it("orders findings critical first and services worst first", () => {
    const other = "dbbbb00000002";
    const r = audit([...fulls([2]), backup({ at: NOW - 40 * HOUR, service: other })], null);
    expect(r.services.map((s) => s.service_id)).toEqual([other, SVC]);
    expect(r.verdict).toBe("critical");
    expect(auditText(r).split("\n")[0]).toBe(
      "CRITICAL: 1 of 2 services need attention (1 critical, 0 warnings) · 2 backups scanned · RPO 26h · last 7d · times UTC",
    );
  });
});
