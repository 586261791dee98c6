import { describe, expect, it } from "vitest";
import { createAuditor } from "../../../src/audit/auditor.js";
import { cadence, MAX_FIRES } from "../../../src/audit/findings.js";
import { auditText } from "../../../src/audit/text.js";
import { ageText } from "../../../src/util/format.js";
import type { AuditReport } from "../../../src/audit/types.js";
import {
  ACCOUNTS,
  BINLOG_STOPPED,
  DAY,
  EXPECTED,
  FULL_STOPPED,
  HEALTHY,
  HOUR,
  NOW,
  OLD_FULL,
  ONCE_ONLY,
  apiRecords,
  type Account,
  recentDrill,
} from "../../helpers/audit-accounts.js";

function audit(
  accounts: Account[],
  options: { lookbackDays?: number; maxFullAgeDays?: number; now?: number } = {},
): AuditReport {
  const auditor = createAuditor({
    now: new Date(options.now ?? NOW),
    maxAgeHours: 26,
    lookbackDays: options.lookbackDays ?? 7,
    maxFullAgeDays: options.maxFullAgeDays ?? 7,
  });
  const records = accounts.map(apiRecords);
  for (const r of records)
    auditor.add(r.backups.filter((b) => Date.parse(String(b.start_time)) <= (options.now ?? NOW)));
  for (const [i, a] of accounts.entries()) auditor.addSchedules(a.id, records[i]?.schedules ?? []);
  for (const [i, a] of accounts.entries()) auditor.addRestores(a.id, [recentDrill(a, i + 1)]);
  return auditor.finish();
}

const findingsOf = (r: AuditReport, id: string): Record<string, unknown>[] =>
  r.findings.filter((f) => f.service_id === id).map(({ service_id: _, ...rest }) => rest);
const controlsOf = (r: AuditReport, id: string): unknown =>
  r.services.find((s) => s.service_id === id)?.controls;

describe("audit controls on accounts that each hide one problem", () => {
  it.each([7, 90])(
    "names exactly each account's problem, and nothing for the healthy one (lookback %i days)",
    (lookbackDays) => {
      const r = audit(ACCOUNTS, { lookbackDays });
      for (const a of ACCOUNTS) {
        expect({ id: a.id, findings: findingsOf(r, a.id) }).toEqual({
          id: a.id,
          findings: EXPECTED[a.id]?.findings,
        });
        expect({ id: a.id, controls: controlsOf(r, a.id) }).toEqual({
          id: a.id,
          controls: EXPECTED[a.id]?.controls,
        });
      }
      expect(r.services.find((s) => s.service_id === HEALTHY.id)?.status).toBe("ok");
    },
  );

  it("a longer max_full_age_days passes the old full but reports the long incremental chain", () => {
    // 20 days: still within it at the end of schedules_meet_targets' 7-day look ahead.
    const r = audit([OLD_FULL], { maxFullAgeDays: 20 });
    expect(findingsOf(r, OLD_FULL.id)).toEqual([
      {
        severity: "info",
        kind: "long_incremental_chain",
        message: `37 incrementals since the last full (2026-11-17 02:01 UTC): a restore replays them all; add a full schedule (create_backup_schedule).`,
        count: 37,
        since: "2026-11-17T02:01:30Z",
      },
    ]);
    expect(r.verdict).toBe("ok");
  });

  it("never flags a run that is still due, and tolerates a late start", () => {
    // 05:00: today's 02:00 full may still start until 08:00.
    const early = audit([FULL_STOPPED], { now: Date.parse("2026-11-26T05:00:00Z") });
    expect(early.findings[0]?.message).toContain("2 runs missed");
    // A full that started 40 minutes late still counts as that night's run.
    const late: Account = {
      ...HEALTHY,
      backups: HEALTHY.backups.map((b) =>
        b.type === "full" ? { ...b, startMs: b.startMs + 40 * 60_000 } : b,
      ),
    };
    expect(audit([late]).findings).toEqual([]);
  });

  it("one or two quiet binlog hours are jitter; a third is silence", () => {
    const upTo = (hour: number): Account => ({
      ...HEALTHY,
      backups: HEALTHY.backups.filter(
        (b) =>
          b.type !== "binarylog" ||
          b.startMs < Date.parse("2026-11-26T00:00:00Z") + hour * HOUR + 60_000,
      ),
    });
    expect(audit([upTo(10)]).findings).toEqual([]);
    expect(audit([upTo(10)]).services[0]?.controls.pitr_coverage).toBe("pass");
    expect(findingsOf(audit([upTo(9)]), HEALTHY.id).map((f) => f.kind)).toEqual(["missed_runs"]);
  });

  it("a backup from a one-time schedule clears the RPO but not the stopped schedule", () => {
    // Everything stopped three days ago: stale and missed runs.
    const stopped: Account = {
      ...BINLOG_STOPPED,
      backups: BINLOG_STOPPED.backups.filter((b) => b.startMs < NOW - 3 * DAY),
    };
    const before = audit([stopped]);
    expect(findingsOf(before, stopped.id).map((f) => f.kind)).toEqual(["stale", "missed_runs"]);
    const onceAt = NOW - 30 * 60_000;
    const rescued: Account = {
      ...stopped,
      schedules: [...stopped.schedules, { id: 49, type: "full", cron: "once", createdMs: onceAt }],
      backups: [...stopped.backups, { type: "full", status: "Succeeded", startMs: onceAt + 5000 }],
    };
    const after = audit([rescued]);
    expect(findingsOf(after, stopped.id).map((f) => f.kind)).toEqual(["missed_runs"]);
    expect(after.findings[0]?.message).toBe(findingsOf(before, stopped.id)[1]?.message);
    // Pinned: it names the stopped schedules and their misses, not the once run.
    expect(after.findings[0]?.message).toMatch(
      /#\d+ (has not produced a backup )?since 2026-11-2\d \d\d:\d\d UTC.* missed/,
    );
  });

  it("a once-only schedule is no protection whether it ran or not", () => {
    const notRun: Account = { ...ONCE_ONLY, backups: [] };
    const r = audit([notRun]);
    expect(findingsOf(r, notRun.id).map((f) => f.kind)).toEqual([
      "never_succeeded",
      "only_once_schedules",
    ]);
  });

  it("a failed run is a missed delivery with its own line unless a failing streak names it", () => {
    const today = Date.parse("2026-11-26T02:00:00Z");
    const failedToday: Account = {
      ...HEALTHY,
      backups: HEALTHY.backups.map((b) =>
        b.type === "full" && b.startMs > today ? { ...b, status: "Failed" as const } : b,
      ),
    };
    const r = audit([failedToday]);
    expect(findingsOf(r, HEALTHY.id)).toEqual([
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "daily full #11 has produced nothing since 2026-11-25 02:00 UTC (1 run missed, 1 failed); find why (list_backup_schedules).",
        count: 1,
        schedule_ids: [11],
        since: "2026-11-25T02:00:00Z",
      },
      expect.objectContaining({ kind: "recent_failures" }),
    ]);
    expect(r.verdict).toBe("warning");
    expect(r.services[0]?.controls).toMatchObject({ schedules_deliver: "fail", failures: "pass" });
    // Failed on the 25th, nothing at all on the 26th: silent, so a missed-runs line saying both.
    const silentToday: Account = {
      ...HEALTHY,
      backups: failedToday.backups.flatMap((b) => {
        if (b.type !== "full" || b.startMs < today - DAY) return [b];
        return b.startMs > today ? [] : [{ ...b, status: "Failed" as const }];
      }),
    };
    expect(findingsOf(audit([silentToday]), HEALTHY.id)).toEqual([
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "daily full #11 has produced nothing since 2026-11-24 02:00 UTC (2 runs missed, 1 failed); find why (list_backup_schedules).",
        count: 2,
        schedule_ids: [11],
        since: "2026-11-24T02:00:00Z",
      },
      expect.objectContaining({ kind: "recent_failures" }),
    ]);
  });

  it("stops counting a long silence at MAX_FIRES and says 'at least'", () => {
    const silent: Account = {
      ...HEALTHY,
      schedules: [{ id: 71, type: "binarylog", cron: "*/5 * * * *", createdMs: NOW - 5 * DAY }],
      backups: HEALTHY.backups.filter((b) => b.type === "full"),
    };
    const [finding] = findingsOf(audit([silent]), silent.id);
    expect(finding).toMatchObject({ kind: "never_produced", count: MAX_FIRES });
    expect(finding?.message).toContain(
      `"*/5 * * * *" binarylog #71 has produced no backup since its creation 2026-11-21 12:00 UTC (at least ${MAX_FIRES} runs due)`,
    );
  });

  it("judges a resumed schedule only from its change, and says so", () => {
    const resumed: Account = {
      ...FULL_STOPPED,
      schedules: [
        {
          id: 31,
          type: "full",
          cron: "0 2 * * *",
          createdMs: NOW - 30 * DAY,
          updatedMs: Date.parse("2026-11-25T00:00:00Z"),
        },
      ],
      backups: FULL_STOPPED.backups.filter(
        (b) => b.type === "binarylog" || b.startMs < Date.parse("2026-11-21T00:00:00Z"),
      ),
    };
    expect(findingsOf(audit([resumed]), resumed.id)[0]?.message).toBe(
      "daily full #31 has produced nothing since 2026-11-20 02:00 UTC (2 runs missed, judged since its change 2026-11-25 00:00 UTC); find why (list_backup_schedules).",
    );
  });

  it.each([
    ["six hours ago", 6 * HOUR],
    ["ten minutes ago", 10 * 60_000],
  ])(
    "suspending the only binlog schedule (%s) turns point-in-time recovery off at once",
    (_, ago) => {
      const paused: Account = {
        ...HEALTHY,
        schedules: HEALTHY.schedules.map((s) =>
          s.type === "binarylog" ? { ...s, suspended: true, updatedMs: NOW - ago } : s,
        ),
      };
      const r = audit([paused]);
      const binlog = paused.schedules.find((s) => s.type === "binarylog");
      expect(findingsOf(r, paused.id)).toEqual([
        expect.objectContaining({
          kind: "some_suspended",
          severity: "warning",
          message: `Point-in-time recovery is off: no active binarylog schedule: suspended #${String(binlog?.id)} (binarylog); resume (update_backup_schedule suspended=false) unless intended.`,
        }),
      ]);
      expect(r.verdict).toBe("warning");
      expect(r.services[0]?.controls).toMatchObject({ pitr_coverage: "fail" });
    },
  );

  it("suspending every base-backup schedule warns while incrementals still run", () => {
    const paused: Account = {
      ...HEALTHY,
      schedules: HEALTHY.schedules.map((s) =>
        ["full", "dump", "snapshot"].includes(s.type) ? { ...s, suspended: true } : s,
      ),
    };
    const r = audit([paused]);
    expect(findingsOf(r, paused.id)).toEqual([
      expect.objectContaining({
        kind: "some_suspended",
        severity: "warning",
        message: expect.stringContaining(
          "No new full, snapshot or dump backups: every such schedule is suspended",
        ),
      }),
    ]);
  });

  it("a stale service whose backup is already running is told to watch it, not to start another", () => {
    const old = NOW - 3 * DAY;
    const catchingUp: Account = {
      ...HEALTHY,
      backups: [
        ...HEALTHY.backups.filter((b) => b.startMs < old),
        { type: "full", status: "Running", startMs: NOW - 20 * 60_000 },
      ],
    };
    const stale = findingsOf(audit([catchingUp]), catchingUp.id).find((f) => f.kind === "stale");
    expect(stale?.message).toContain("a full backup is running since");
    expect(stale?.message).not.toContain("run one now");
    // Without it, the advice is to fix the cause and then run one.
    const idle: Account = { ...catchingUp, backups: catchingUp.backups.slice(0, -1) };
    const advice = findingsOf(audit([idle]), idle.id).find((f) => f.kind === "stale");
    expect(advice?.message).toContain("run one now (create_backup_schedule schedule=once)");
  });

  it("runs queued behind a stuck backup are not also missed runs", () => {
    const stuckAt = NOW - 9 * HOUR;
    const stuck: Account = {
      ...HEALTHY,
      backups: [
        ...HEALTHY.backups.filter((b) => b.startMs < stuckAt),
        { type: "full", status: "Running", startMs: stuckAt },
      ],
    };
    const r = audit([stuck]);
    // Queued runs are not missed runs, but how far point-in-time recovery lags is its own fact.
    expect(findingsOf(r, stuck.id).map((f) => f.kind)).toEqual(["stuck_running", "binlog_lag"]);
    expect(r.findings[0]?.message).toContain("nothing started since");
    // No missed_runs line, but the runs were not delivered: the control itself fails.
    expect(r.services[0]?.controls).toMatchObject({
      failures: "fail",
      pitr_coverage: "fail",
      schedules_deliver: "fail",
    });
  });

  it("keeps the text compact: one line per finding, verdict first", () => {
    const text = auditText(audit(ACCOUNTS));
    expect(text.split("\n")[0]).toMatch(
      /^WARNING: 5 of 6 services need attention \(0 critical, 5 warnings\)/,
    );
  });
});

describe("ageText", () => {
  it.each([
    [0, "<0.1h"],
    [0.1, "0.1h"],
    [9.3, "9.3h"],
    [47.9, "47.9h"],
    [48, "2.0 days"],
    [439.2, "18.3 days"],
  ])("%f hours reads %s", (hours, text) => {
    expect(ageText(hours)).toBe(text);
  });
});

describe("a report can be made twice", () => {
  it("finish() gives the same report again: finding a once run changes nothing", () => {
    // A once full at 01:00, then the nightly cron full at 02:00: only the first is the once run.
    const DAY = 86_400_000;
    const HOUR = 3_600_000;
    const day0 = Date.parse("2026-11-26T00:00:00Z");
    const now = Date.parse("2026-11-26T12:00:00Z");
    const svc = "dbtwi00000001";
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
    const ok = (type: string, ms: number) => ({
      id: `${type}-${ms}`,
      service_id: svc,
      type,
      status: "Succeeded",
      start_time: iso(ms),
      point_in_time: iso(ms + 60_000),
    });
    const schedule = (id: number, type: string, cron: string, createdMs: number) => ({
      id,
      service_id: svc,
      type,
      schedule: cron,
      suspended: false,
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
    });
    const backups = [];
    for (let t = day0 - 20 * DAY + 2 * HOUR + 30_000; t < now; t += DAY)
      backups.push(ok("full", t));
    for (let t = now - 20 * DAY; t < now; t += HOUR) backups.push(ok("binarylog", t + 20_000));
    const onceAt = day0 + HOUR;
    backups.push(ok("full", onceAt + 10_000));
    const auditor = createAuditor({
      now: new Date(now),
      maxAgeHours: 26,
      lookbackDays: 7,
      maxFullAgeDays: 7,
    });
    auditor.add(backups);
    auditor.addSchedules(svc, [
      schedule(1, "full", "0 2 * * *", now - 40 * DAY),
      schedule(2, "binarylog", "0 * * * *", now - 40 * DAY),
      schedule(3, "full", "once", onceAt),
    ]);
    const first = auditor.finish();
    expect(first.findings.filter((f) => f.kind === "missed_runs")).toEqual([]);
    expect(auditor.finish()).toEqual(first);
    expect(auditor.finish()).toEqual(first);
  });
});

describe("the incremental chain is the one a restore applies", () => {
  const svc = "dbchn00000001";
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  const full = (id: string, ms: number) => ({
    id,
    service_id: svc,
    type: "full",
    status: "Succeeded",
    start_time: iso(ms),
    point_in_time: iso(ms + 60_000),
  });
  const incrementals = (ref: string | undefined, fromMs: number) =>
    Array.from({ length: 35 }, (_, i) => ({
      id: `inc-${ref ?? "none"}-${i}`,
      service_id: svc,
      type: "incremental",
      status: "Succeeded",
      start_time: iso(fromMs + i * 3 * HOUR),
      point_in_time: iso(fromMs + i * 3 * HOUR + 60_000),
      ...(ref !== undefined && { reference_full_backup: ref }),
    }));
  const chainFindings = (backups: Record<string, unknown>[]) => {
    const auditor = createAuditor({
      now: new Date(NOW),
      maxAgeHours: 26,
      lookbackDays: 7,
      maxFullAgeDays: 7,
    });
    auditor.add(backups);
    return auditor.finish().findings.filter((f) => f.kind === "long_incremental_chain");
  };
  const older = NOW - 20 * DAY;
  const newest = NOW - 5 * DAY;

  it("counts the incrementals that name the newest full, or name none", () => {
    const named = chainFindings([
      full("f1", older),
      full("f2", newest),
      ...incrementals("f2", newest + HOUR),
    ]);
    expect(named.map((f) => f.count)).toEqual([35]);
    const unnamed = chainFindings([
      full("f1", older),
      full("f2", newest),
      ...incrementals(undefined, newest + HOUR),
    ]);
    expect(unnamed.map((f) => f.count)).toEqual([35]);
  });

  it("does not count incrementals that build on another full: a restore never replays them", () => {
    const other = chainFindings([
      full("f1", older),
      full("f2", newest),
      ...incrementals("f1", newest + HOUR),
    ]);
    expect(other).toEqual([]);
  });
});

describe("a missed schedule is named by its real cadence", () => {
  it.each([
    ["0 2 * * *", "daily full"],
    ["0 */6 * * *", "6-hourly full"],
    ["0 3 * * 0", "weekly full"],
    // Weekdays only: the last two fires may be a day apart, but it is not "daily".
    ["0 2 * * 1-5", '"0 2 * * 1-5" full'],
    ["0 2 1 * *", '"0 2 1 * *" full'],
  ])("%s reads as %s", (cron, words) => {
    const label = cadence(cron, NOW);
    expect(`${label} full`).toBe(words);
  });
});
