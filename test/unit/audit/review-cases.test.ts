/**
 * The false all-clears a code review found in the controls, each on data
 * built to hide it: once runs standing in for cron runs, unreadable crons,
 * one schedule's backups hiding a sibling's silence, a stuck record
 * switching judging off, failed runs under verdict ok, a new binlog
 * schedule excusing an old one.
 */
import { describe, expect, it } from "vitest";
import type { Backup, Schedule } from "../../../src/api/records.js";
import { createAuditor } from "../../../src/audit/auditor.js";
import type { AuditReport, Finding } from "../../../src/audit/types.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const H = 3_600_000;
const D = 24 * H;
const SVC = "dbrev00000001";
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

function run(backups: Backup[], schedules: Schedule[], lookbackDays = 7): AuditReport {
  const a = createAuditor({ now: new Date(NOW), maxAgeHours: 26, lookbackDays, maxFullAgeDays: 7 });
  a.add(backups);
  a.addSchedules(SVC, schedules);
  return a.finish();
}
const ok = (type: string, ms: number, status = "Succeeded"): Backup => ({
  id: `${type}-${ms}`,
  service_id: SVC,
  type,
  status,
  start_time: iso(ms),
  point_in_time: status === "Succeeded" ? iso(ms + 60_000) : "",
});
/** A daily 02:00 full from 2026-10-27 until `until`. */
const fullsUntil = (until: number): Backup[] => {
  const out: Backup[] = [];
  for (let t = Date.parse("2026-10-27T02:00:30Z"); t < until; t += D) out.push(ok("full", t));
  return out;
};
const binlogs = (): Backup[] => {
  const out: Backup[] = [];
  for (let t = NOW - 20 * D; t < NOW; t += H) out.push(ok("binarylog", t + 20_000));
  return out;
};
const sched = (id: number, type: string, cron: unknown, createdMs: number): Schedule =>
  ({
    id,
    service_id: SVC,
    type,
    schedule: cron,
    suspended: false,
    created_at: iso(createdMs),
    updated_at: iso(createdMs),
  }) as Schedule;
const DAILY = sched(1, "full", "0 2 * * *", NOW - 40 * D);
const HOURLY = sched(2, "binarylog", "0 * * * *", NOW - 40 * D);
const mine = (r: AuditReport): Omit<Finding, "service_id">[] =>
  r.findings.map(({ service_id: _, ...rest }) => rest);
const kinds = (r: AuditReport): string[] => r.findings.map((f) => `${f.severity}/${f.kind}`);
const controls = (r: AuditReport): unknown => r.services[0]?.controls;

describe("2 and 11: a once run never stands in for a cron run", () => {
  it("A: a daily full that never ran is not hidden by a once full an hour ago", () => {
    const r = run(
      [ok("full", NOW - H)],
      [sched(1, "full", "0 2 * * *", NOW - 5 * D), sched(2, "full", "once", NOW - H - 30_000)],
    );
    expect(mine(r)).toEqual([
      {
        severity: "warning",
        kind: "never_produced",
        message:
          "daily full #1 has produced no backup since its creation 2026-11-21 12:00 UTC (5 runs due); check the schedule (list_backup_schedules) and the service.",
        count: 5,
        schedule_ids: [1],
      },
    ]);
    expect(controls(r)).toMatchObject({ schedules_deliver: "fail", recurring_protection: "pass" });
  });

  it("E: a once full queued behind a backup (created 02:30, started 03:15) is not the 02:00 run", () => {
    const created = Date.parse("2026-11-26T02:30:00Z");
    const r = run(
      [...fullsUntil(NOW - 4 * D), ...binlogs(), ok("full", Date.parse("2026-11-26T03:15:00Z"))],
      [DAILY, HOURLY, sched(3, "full", "once", created)],
    );
    expect(mine(r)).toEqual([
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "daily full #1 has produced nothing since 2026-11-22 02:00 UTC (4 runs missed); find why (list_backup_schedules).",
        count: 4,
        schedule_ids: [1],
        since: "2026-11-22T02:00:00Z",
      },
    ]);
  });

  it("11: a once full created 02:01 beside the 02:00 nightly drops its own run, not the cron's", () => {
    const created = Date.parse("2026-11-26T02:01:00Z");
    const r = run(
      [...fullsUntil(NOW), ...binlogs(), ok("full", created + 20_000)],
      [DAILY, HOURLY, sched(3, "full", "once", created)],
    );
    expect(kinds(r)).toEqual([]);
    expect(controls(r)).toMatchObject({ schedules_deliver: "pass" });
  });

  it("11: the 'since' text names the cron's last run, not a newer once run", () => {
    // Fulls stopped 10 days ago; a once full 8 days ago, before the 7-day window, is the newest.
    const created = NOW - 8 * D;
    const r = run(
      [...fullsUntil(NOW - 10 * D), ...binlogs(), ok("full", created + 10_000)],
      [DAILY, HOURLY, sched(3, "full", "once", created)],
    );
    const missed = r.findings.find((f) => f.kind === "missed_runs");
    expect(missed?.message).toBe(
      "daily full #1 has produced nothing since 2026-11-16 02:00 UTC (7 runs missed); find why (list_backup_schedules).",
    );
  });
});

describe("3: a cron that cannot be read is no known protection", () => {
  it.each([[null], [5], ["5"], ["@daily"], ["0 0 2 * * *"], ["0 0 30 2 *"]])(
    "alone (%j): recurring_protection fails, schedules_deliver unknown, a warning",
    (cron) => {
      const r = run([ok("full", NOW - 2 * H)], [sched(1, "full", cron, NOW - 30 * D)]);
      expect(controls(r)).toMatchObject({
        recurring_protection: "fail",
        schedules_deliver: "unknown",
      });
      expect(kinds(r)).toEqual(["warning/unreadable_cron"]);
      expect(r.findings[0]?.message).toMatch(
        /^The cron of full #1 \(.+\) cannot be evaluated, so no schedule is known to back it up again;/,
      );
    },
  );

  it("beside a working schedule: an info line, schedules_deliver unknown", () => {
    const r = run(
      [...fullsUntil(NOW), ...binlogs()],
      [DAILY, HOURLY, sched(3, "dump", "@daily", NOW - 30 * D)],
    );
    expect(mine(r)).toEqual([
      {
        severity: "info",
        kind: "unreadable_cron",
        message: `The cron of dump #3 ("@daily") cannot be evaluated, so its runs are not checked; fix it (update_backup_schedule, 5-field cron).`,
        count: 1,
        schedule_ids: [3],
      },
    ]);
    expect(controls(r)).toMatchObject({
      recurring_protection: "pass",
      schedules_deliver: "unknown",
    });
    expect(r.verdict).toBe("ok");
  });
});

describe("4: one same-type schedule does not hide another", () => {
  it("a 01:00 full schedule that never ran is not covered by the 02:00 one's backups", () => {
    const second = sched(2, "full", "0 1 * * *", NOW - 20 * D);
    const r = run(fullsUntil(NOW), [DAILY, second], 30);
    expect(mine(r)).toEqual([
      {
        severity: "warning",
        kind: "never_produced",
        message:
          "daily full #2 has produced no backup since its creation 2026-11-06 12:00 UTC (20 runs due); check the schedule (list_backup_schedules) and the service.",
        count: 20,
        schedule_ids: [2],
      },
    ]);
    // With 7 days of history the creation is out of view: missed runs, not "never".
    const week = run(fullsUntil(NOW), [DAILY, second], 7);
    expect(kinds(week)).toEqual(["warning/missed_runs"]);
    expect(week.findings[0]?.schedule_ids).toEqual([2]);
    expect(controls(week)).toMatchObject({ schedules_deliver: "fail" });
  });

  it("two schedules at the same minute need two backups; both there is quiet", () => {
    const twin = sched(2, "full", "0 2 * * *", NOW - 40 * D);
    const single = run([...fullsUntil(NOW), ...binlogs()], [DAILY, twin, HOURLY]);
    expect(kinds(single)).toEqual(["warning/missed_runs"]);
    const both = fullsUntil(NOW).flatMap((b) => [b, { ...b, id: `${b.id}-x` }]);
    expect(kinds(run([...both, ...binlogs()], [DAILY, twin, HOURLY]))).toEqual([]);
  });
});

describe("5: a stuck record only stops judging while nothing else starts", () => {
  it.each([
    ["an old binlog record", "binarylog", NOW - 5 * D],
    ["a 60-day-old dump record", "dump", NOW - 60 * D],
  ])("%s does not hide fulls stopped 4 days ago", (_, type, at) => {
    const r = run(
      [...fullsUntil(NOW - 4 * D), ...binlogs(), ok(type, at, "Running")],
      [DAILY, HOURLY],
    );
    expect(kinds(r)).toEqual(["warning/stuck_running", "warning/missed_runs"]);
    expect(controls(r)).toMatchObject({ schedules_deliver: "fail", failures: "fail" });
  });
});

describe("6: failed runs never sit under verdict ok", () => {
  it("a daily full failed the last 2 nights: a missed_runs warning, no 'not in a row'", () => {
    const fs = fullsUntil(NOW - 2 * D + 3 * H);
    fs.push(
      ok("full", Date.parse("2026-11-25T02:00:30Z"), "Failed"),
      ok("full", Date.parse("2026-11-26T02:00:30Z"), "Failed"),
    );
    const r = run([...fs, ...binlogs()], [DAILY, HOURLY]);
    expect(r.verdict).toBe("warning");
    expect(mine(r)).toEqual([
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "daily full #1 has produced nothing since 2026-11-24 02:00 UTC (2 runs missed, 2 failed); find why (list_backup_schedules).",
        count: 2,
        schedule_ids: [1],
        since: "2026-11-24T02:00:00Z",
      },
      {
        severity: "info",
        kind: "recent_failures",
        message: "2 failed in 7 days, latest full 2026-11-26 02:00 UTC.",
        count: 2,
        since: "2026-11-26T02:00:30Z",
      },
    ]);
  });

  it("three in a row: the failing streak names them, no extra missed_runs line", () => {
    const fs = fullsUntil(NOW - 3 * D + 3 * H);
    for (const day of ["24", "25", "26"])
      fs.push(ok("full", Date.parse(`2026-11-${day}T02:00:30Z`), "Failed"));
    const r = run([...fs, ...binlogs()], [DAILY, HOURLY]);
    expect(kinds(r)).toEqual(["critical/failing_streak"]);
    expect(controls(r)).toMatchObject({ schedules_deliver: "fail" });
  });
});

describe("8: a new binlog schedule does not excuse an old silent one", () => {
  it("judges pitr_coverage from the oldest active binlog schedule", () => {
    const old = { ...HOURLY, created_at: iso(NOW - 2 * D), updated_at: iso(NOW - 2 * D) };
    const fresh = { ...HOURLY, id: 4, created_at: iso(NOW - 10 * 60_000) };
    const r = run(fullsUntil(NOW), [DAILY, old, { ...fresh, updated_at: fresh.created_at }]);
    expect(controls(r)).toMatchObject({ pitr_coverage: "fail", schedules_deliver: "fail" });
    expect(kinds(r)).toEqual(["warning/never_produced"]);
  });
});
