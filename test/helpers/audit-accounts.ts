/**
 * Accounts that each hide one problem the audit must name, plus a healthy
 * one, in a neutral form: the pure auditor test feeds them directly, the
 * tool test loads them into an empty emulator. Times are relative to NOW
 * (Thursday 2026-11-26 12:00 UTC), so every expected message is exact.
 */
import type { Backup, Schedule, Restore } from "../../src/api/records.js";
import { DAY, HOUR, NOW, pit, rfc } from "./backups.js";

export { DAY, HOUR, NOW };

interface PlanSchedule {
  id: number;
  type: string;
  cron: string;
  createdMs: number;
  updatedMs?: number;
  suspended?: boolean;
}
export interface PlanBackup {
  type: string;
  status: "Succeeded" | "Failed" | "Running";
  startMs: number;
  /** point_in_time; a minute after the start unless given (binlogs close at the slot). */
  pointMs?: number;
}
export interface Account {
  id: string;
  name: string;
  schedules: PlanSchedule[];
  backups: PlanBackup[];
}

const MONTH_AGO = NOW - 30 * DAY;
const day0 = Date.parse("2026-11-26T00:00:00Z");

/** One backup per matching hour, `offsetMs` after it, from `fromMs` until now. */
function every(
  type: string,
  hours: number[],
  fromMs: number,
  untilMs = NOW,
  offsetMs = 30_000,
): PlanBackup[] {
  const out: PlanBackup[] = [];
  for (let t = Math.ceil(fromMs / HOUR) * HOUR; t < untilMs; t += HOUR) {
    if (!hours.includes(new Date(t).getUTCHours())) continue;
    if (t + offsetMs > NOW) continue;
    const point = type === "binarylog" ? t : t + offsetMs + 60_000;
    if (point > NOW) continue;
    out.push({ type, status: "Succeeded", startMs: t + offsetMs, pointMs: point });
  }
  return out;
}

const ALL_HOURS = Array.from({ length: 24 }, (_, h) => h);
const fulls = (fromMs: number, untilMs = NOW): PlanBackup[] => every("full", [2], fromMs, untilMs);
const binlogs = (fromMs: number, untilMs = NOW): PlanBackup[] =>
  every("binarylog", ALL_HOURS, fromMs, untilMs, 20_000);
const fullSchedule = (id: number, createdMs = MONTH_AGO): PlanSchedule => ({
  id,
  type: "full",
  cron: "0 2 * * *",
  createdMs,
});
const binlogSchedule = (id: number, createdMs = MONTH_AGO): PlanSchedule => ({
  id,
  type: "binarylog",
  cron: "0 * * * *",
  createdMs,
});

export const HEALTHY: Account = {
  id: "dbhea00000001",
  name: "orders",
  schedules: [
    fullSchedule(11),
    { id: 12, type: "incremental", cron: "0 */6 * * *", createdMs: MONTH_AGO },
    binlogSchedule(13),
  ],
  backups: [
    ...fulls(NOW - 10 * DAY),
    ...every("incremental", [0, 6, 12, 18], NOW - 10 * DAY, NOW, 60_000),
    ...binlogs(NOW - 10 * DAY),
  ],
};

/** Its only schedule is a one-time full that ran this morning. */
export const ONCE_ONLY: Account = {
  id: "dbonc00000002",
  name: "once-only",
  schedules: [{ id: 21, type: "full", cron: "once", createdMs: NOW - 3 * HOUR }],
  backups: [{ type: "full", status: "Succeeded", startMs: NOW - 3 * HOUR + 10_000 }],
};

/** Fulls stopped after 11-23 while binlogs go on; a one-time full at 03:00 today must not hide it. */
export const FULL_STOPPED: Account = {
  id: "dbful00000003",
  name: "full-stopped",
  schedules: [
    fullSchedule(31),
    binlogSchedule(32),
    { id: 33, type: "full", cron: "once", createdMs: day0 + 3 * HOUR },
  ],
  backups: [
    ...fulls(NOW - 10 * DAY, Date.parse("2026-11-23T03:00:00Z")),
    ...binlogs(NOW - 10 * DAY),
    { type: "full", status: "Succeeded", startMs: day0 + 3 * HOUR + 10_000 },
  ],
};

/** The hourly binlog schedule's last backup closed at 06:00 today. */
export const BINLOG_STOPPED: Account = {
  id: "dbbin00000004",
  name: "binlog-stopped",
  schedules: [fullSchedule(41), binlogSchedule(42)],
  backups: [...fulls(NOW - 10 * DAY), ...binlogs(NOW - 10 * DAY, day0 + 6 * HOUR + 1)],
};

/** An hourly binlog schedule created two and a half days ago that never produced a binlog. */
const BINLOG_NEVER: Account = {
  id: "dbnev00000005",
  name: "binlog-never",
  schedules: [fullSchedule(51), binlogSchedule(52, Date.parse("2026-11-24T00:00:00Z"))],
  backups: fulls(NOW - 10 * DAY),
};

/** Only incrementals since a full 9 days ago, and no full schedule. */
export const OLD_FULL: Account = {
  id: "dbinc00000006",
  name: "old-full",
  schedules: [{ id: 61, type: "incremental", cron: "0 */6 * * *", createdMs: MONTH_AGO }],
  backups: [
    { type: "full", status: "Succeeded", startMs: Date.parse("2026-11-17T02:00:30Z") },
    ...every("incremental", [0, 6, 12, 18], Date.parse("2026-11-17T03:00:00Z"), NOW, 60_000),
  ],
};

export const ACCOUNTS = [HEALTHY, ONCE_ONLY, FULL_STOPPED, BINLOG_STOPPED, BINLOG_NEVER, OLD_FULL];

/** Every control of the audit passing. */
export const ALL_PASS = {
  recurring_protection: "pass",
  schedules_deliver: "pass",
  rpo: "pass",
  base_backup_age: "pass",
  pitr_coverage: "pass",
  failures: "pass",
  restore_proven: "pass",
  schedules_meet_targets: "pass",
};

/** What the audit must say about each account (NOW, RPO 26h, lookback 7 or 90 days). */
export const EXPECTED: Record<
  string,
  { findings: Record<string, unknown>[]; controls: Record<string, string> }
> = {
  [HEALTHY.id]: { findings: [], controls: ALL_PASS },
  [ONCE_ONLY.id]: {
    findings: [
      {
        severity: "warning",
        kind: "only_once_schedules",
        message: `Only one-time schedules (full #21): nothing backs it up again; add a recurring one (create_backup_schedule).`,
        count: 1,
        schedule_ids: [21],
      },
    ],
    controls: {
      ...ALL_PASS,
      recurring_protection: "fail",
      schedules_deliver: "not_applicable",
      pitr_coverage: "not_applicable",
      schedules_meet_targets: "not_applicable",
    },
  },
  [FULL_STOPPED.id]: {
    findings: [
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "daily full #31 has produced nothing since 2026-11-23 02:00 UTC (3 runs missed); find why (list_backup_schedules).",
        count: 3,
        schedule_ids: [31],
        since: "2026-11-23T02:00:00Z",
      },
    ],
    controls: { ...ALL_PASS, schedules_deliver: "fail" },
  },
  [BINLOG_STOPPED.id]: {
    findings: [
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "hourly binarylog #42 has produced nothing since 2026-11-26 06:00 UTC (5 runs missed); find why (list_backup_schedules).",
        count: 5,
        schedule_ids: [42],
        since: "2026-11-26T06:00:00Z",
      },
    ],
    controls: { ...ALL_PASS, schedules_deliver: "fail", pitr_coverage: "fail" },
  },
  [BINLOG_NEVER.id]: {
    findings: [
      {
        severity: "warning",
        kind: "never_produced",
        message:
          "hourly binarylog #52 has produced no backup since its creation 2026-11-24 00:00 UTC (60 runs due); check the schedule (list_backup_schedules) and the service.",
        count: 60,
        schedule_ids: [52],
      },
    ],
    controls: { ...ALL_PASS, schedules_deliver: "fail", pitr_coverage: "fail" },
  },
  [OLD_FULL.id]: {
    findings: [
      {
        severity: "warning",
        kind: "no_recent_full",
        message: `No successful full, snapshot or dump in 7 days (last: full 2026-11-17 02:01 UTC, 37 incrementals since); add a full schedule (create_backup_schedule).`,
        since: "2026-11-17T02:01:30Z",
        count: 37,
      },
    ],
    controls: { ...ALL_PASS, base_backup_age: "fail", pitr_coverage: "not_applicable" },
  },
};

/** The account as the API would list it. */
export function apiRecords(a: Account): { backups: Backup[]; schedules: Schedule[] } {
  const backups = a.backups.map((b, i): Backup => {
    const ok = b.status === "Succeeded";
    return {
      id: `${i.toString(16).padStart(32, "0")}:${a.id}:pod-0`,
      service_id: a.id,
      service_name: a.name,
      type: b.type,
      status: b.status,
      start_time: rfc(b.startMs),
      end_time: b.status === "Running" ? "" : rfc(b.startMs + 60_000),
      point_in_time: ok ? pit(b.pointMs ?? b.startMs + 60_000) : "",
      backup_size: 1000,
    };
  });
  const schedules = a.schedules.map((s): Schedule => ({
    id: s.id,
    service_id: a.id,
    service_name: a.name,
    type: s.type,
    schedule: s.cron,
    suspended: s.suspended ?? false,
    created_at: rfc(s.createdMs),
    updated_at: rfc(s.updatedMs ?? s.createdMs),
  }));
  return { backups, schedules };
}

/** Days before NOW of the drill each crafted account gets, well inside the 30-day default. */
const DRILL_DAYS_AGO = 12;

/**
 * A successful restore of the account's own backup into itself, DRILL_DAYS_AGO
 * days ago: every crafted account is drilled, so each one's findings stay
 * exactly its staged problem (restore_proven has tests of its own).
 */
export function recentDrill(a: Account, id: number): Restore {
  const created = NOW - DRILL_DAYS_AGO * DAY;
  return {
    id,
    service_id: a.id,
    service_name: a.name,
    backup_id: `${id.toString(16).padStart(32, "d")}:${a.id}:pod-0`,
    type: "physical",
    status: "Succeeded",
    created_at: rfc(created),
    updated_at: rfc(created + 20 * 60_000),
  };
}
