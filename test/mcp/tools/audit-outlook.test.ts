/**
 * schedules_meet_targets through MCP, against a hand-written upstream (not
 * the emulator): crafted accounts whose schedules pass every rule about the
 * past but will break a target within the next 7 days, each beside a
 * healthy one. The clock is Thursday 2026-11-26 12:00 UTC.
 */
import { describe, expect, it } from "vitest";
import {
  apiRecords,
  DAY,
  HEALTHY,
  HOUR,
  NOW,
  type Account,
  type PlanBackup,
} from "../../helpers/audit-accounts.js";
import type { AuditReport } from "../../helpers/audit-report.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { structured, textOf } from "../../helpers/harness.js";

const LONG_AGO = Date.parse("2026-06-01T00:00:00Z");

/** A successful backup at each hour of [from, NOW) that `when` accepts, started 30 s late. */
function runs(type: string, fromMs: number, when: (d: Date) => boolean): PlanBackup[] {
  const out: PlanBackup[] = [];
  for (let t = Math.ceil(fromMs / HOUR) * HOUR; t + 30_000 < NOW; t += HOUR) {
    if (!when(new Date(t))) continue;
    // A binlog closes at its slot; a base's point is a minute after its start.
    const pointMs = type === "binarylog" ? t : t + 90_000;
    if (pointMs <= NOW) out.push({ type, status: "Succeeded", startMs: t + 30_000, pointMs });
  }
  return out;
}
const at = (hours: number[]) => (d: Date) =>
  d.getUTCMinutes() === 0 && hours.includes(d.getUTCHours());
const hourly = (d: Date) => d.getUTCMinutes() === 0;
const weekday = (d: Date) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5;

/** Fulls Monday to Friday at 02:00 only: a 72-hour hole every weekend, against a 26h RPO. */
const WEEKDAYS: Account = {
  id: "dbwkd00000001",
  name: "weekdays",
  schedules: [{ id: 101, type: "full", cron: "0 2 * * 1-5", createdMs: LONG_AGO }],
  backups: runs("full", NOW - 14 * DAY, (d) => weekday(d) && at([2])(d)),
};

/** The same, with a nightly full that is suspended and a one-time full: neither covers. */
const WEEKDAYS_PAUSED_NIGHTLY: Account = {
  ...WEEKDAYS,
  id: "dbwkd00000002",
  name: "weekdays-paused-nightly",
  schedules: [
    { id: 111, type: "full", cron: "0 2 * * 1-5", createdMs: LONG_AGO },
    { id: 112, type: "full", cron: "0 2 * * *", createdMs: LONG_AGO, suspended: true },
    { id: 113, type: "full", cron: "once", createdMs: NOW - 2 * HOUR },
  ],
  backups: [
    ...WEEKDAYS.backups,
    { type: "full", status: "Succeeded", startMs: NOW - 2 * HOUR + 10_000 },
  ],
};

/** A nightly full and nothing else: healthy against a 26h RPO. */
const NIGHTLY: Account = {
  id: "dbngt00000003",
  name: "nightly",
  schedules: [{ id: 121, type: "full", cron: "0 2 * * *", createdMs: LONG_AGO }],
  backups: runs("full", NOW - 14 * DAY, at([2])),
};

/**
 * Its nightly full was replaced on 11-24 by a "0 2 29 2 *" typo: the next full is 2028-02-29,
 * so the 7-day base age breaks a week after the last one, while hourly binlogs keep the RPO.
 */
const LEAP_DAY: Account = {
  id: "dblea00000004",
  name: "leap-day",
  schedules: [
    { id: 131, type: "full", cron: "0 2 29 2 *", createdMs: Date.parse("2026-11-24T12:00:00Z") },
    { id: 132, type: "binarylog", cron: "0 * * * *", createdMs: LONG_AGO },
  ],
  backups: [
    ...runs("full", NOW - 14 * DAY, at([2])).filter(
      (b) => b.startMs < Date.parse("2026-11-24T12:00:00Z"),
    ),
    ...runs("binarylog", NOW - 14 * DAY, hourly),
  ],
};

/** A full on day 31 only: none in November, so a 31-day base age breaks on 12-01. */
const DAY_31: Account = {
  id: "dbd3100000005",
  name: "day-31",
  schedules: [
    { id: 141, type: "full", cron: "0 4 31 * *", createdMs: LONG_AGO },
    { id: 142, type: "binarylog", cron: "0 * * * *", createdMs: LONG_AGO },
  ],
  backups: [
    ...runs("full", Date.parse("2026-08-01T00:00:00Z"), (d) => d.getUTCDate() === 31 && at([4])(d)),
    ...runs("binarylog", Date.parse("2026-10-31T05:00:00Z"), hourly),
  ],
};

/** A full on the 1st of every month: at most 31 days apart, healthy against 31. */
const FIRST_OF_MONTH: Account = {
  ...DAY_31,
  id: "dbd0100000006",
  name: "first-of-month",
  schedules: [
    { id: 151, type: "full", cron: "0 4 1 * *", createdMs: LONG_AGO },
    { id: 152, type: "binarylog", cron: "0 * * * *", createdMs: LONG_AGO },
  ],
  backups: [
    ...runs("full", Date.parse("2026-08-01T00:00:00Z"), (d) => d.getUTCDate() === 1 && at([4])(d)),
    ...runs("binarylog", Date.parse("2026-11-01T05:00:00Z"), hourly),
  ],
};

/** Binlogs every 6 hours against a 4h RPO: fine at 12:00 (the 09:00 one), broken by 13:00. */
const SPARSE_BINLOG: Account = {
  id: "dbspa00000007",
  name: "sparse-binlog",
  schedules: [
    { id: 161, type: "full", cron: "0 2 * * *", createdMs: LONG_AGO },
    { id: 162, type: "binarylog", cron: "0 3,9,15,21 * * *", createdMs: LONG_AGO },
  ],
  backups: [
    ...runs("full", NOW - 14 * DAY, at([2])),
    ...runs("binarylog", NOW - 14 * DAY, at([3, 9, 15, 21])),
  ],
};

/** Incrementals on a full of 11-21 and no base schedule: the 7-day base age breaks 11-28. */
const NO_BASE_SCHEDULE: Account = {
  id: "dbnob00000008",
  name: "no-base-schedule",
  schedules: [{ id: 171, type: "incremental", cron: "0 */6 * * *", createdMs: LONG_AGO }],
  backups: [
    { type: "full", status: "Succeeded", startMs: Date.parse("2026-11-21T02:00:30Z") },
    ...runs("incremental", Date.parse("2026-11-21T03:00:00Z"), at([0, 6, 12, 18])),
  ],
};

const ACCOUNTS = [
  WEEKDAYS,
  WEEKDAYS_PAUSED_NIGHTLY,
  NIGHTLY,
  HEALTHY,
  LEAP_DAY,
  DAY_31,
  FIRST_OF_MONTH,
  SPARSE_BINLOG,
  NO_BASE_SCHEDULE,
];

const records = ACCOUNTS.map(apiRecords);
const upstream = fakeAccount({
  backups: records.flatMap((r) => r.backups),
  schedules: records.flatMap((r) => r.schedules),
  honourServiceFilter: true,
});

async function audit(
  accounts: readonly Account[],
  args: Record<string, unknown> = {},
): Promise<{ report: AuditReport; text: string }> {
  const result = await callAgainstFake(
    upstream,
    "audit_backups",
    { service_ids: accounts.map((a) => a.id), ...args },
    { now: () => new Date(NOW) },
  );
  return { report: structured<AuditReport>(result), text: textOf(result) };
}

const coming = (r: AuditReport, a: Account): Record<string, unknown>[] =>
  r.findings
    .filter((f) => f.service_id === a.id && String(f.kind).startsWith("coming_"))
    .map(({ service_id: _, ...rest }) => rest);
const control = (r: AuditReport, a: Account): string | undefined =>
  r.services.find((s) => s.service_id === a.id)?.controls.schedules_meet_targets;

describe("schedules_meet_targets: will the schedules keep the targets over the next 7 days?", () => {
  it("a weekday-only full leaves this weekend's hole in a 26h RPO; a nightly full does not", async () => {
    const { report, text } = await audit([WEEKDAYS, NIGHTLY, HEALTHY]);
    const message =
      "The 26h RPO breaks Sat 2026-11-28 04:00 UTC: nothing runs for 72h from Fri 2026-11-27 02:00 UTC; add a run in it (create_backup_schedule).";
    expect(coming(report, WEEKDAYS)).toEqual([
      {
        severity: "warning",
        kind: "coming_rpo_breach",
        message,
        breaks_at: "2026-11-28T04:00:00Z",
        from: "2026-11-27T02:00:00Z",
        to: "2026-11-30T02:00:00Z",
      },
    ]);
    expect(control(report, WEEKDAYS)).toBe("fail");
    // Nothing else is wrong with it today: the look ahead is the only line.
    expect(report.findings.filter((f) => f.service_id === WEEKDAYS.id).map((f) => f.kind)).toEqual([
      "coming_rpo_breach",
      "restore_unproven",
    ]);
    // "Is anything at risk this weekend?": one line of the text answers it.
    const lines = text.split("\n");
    expect(lines[lines.findIndex((l) => l.startsWith(`${WEEKDAYS.id} `)) + 1]).toBe(
      "- warning coming_rpo_breach: The 26h RPO breaks Sat Nov 28 04:00: nothing runs for 72h from Fri Nov 27 02:00; add a run in it (create_backup_schedule).",
    );
    for (const healthy of [NIGHTLY, HEALTHY]) {
      expect(coming(report, healthy)).toEqual([]);
      expect(control(report, healthy)).toBe("pass");
    }
  });

  it("a suspended schedule and a one-time schedule never count", async () => {
    const { report } = await audit([WEEKDAYS_PAUSED_NIGHTLY]);
    // The once full of 10:00 today moves the start of the walk, not the weekend hole.
    expect(coming(report, WEEKDAYS_PAUSED_NIGHTLY)).toMatchObject([
      { kind: "coming_rpo_breach", breaks_at: "2026-11-28T04:00:00Z" },
    ]);
    expect(control(report, WEEKDAYS_PAUSED_NIGHTLY)).toBe("fail");
  });

  it('a "0 2 29 2 *" full breaks the 7-day base age a week after the last full, naming 2028', async () => {
    const { report } = await audit([LEAP_DAY]);
    expect(coming(report, LEAP_DAY)).toEqual([
      {
        severity: "warning",
        kind: "coming_full_age_breach",
        message:
          "The 7-day base age breaks Tue 2026-12-01 02:01 UTC: no full, snapshot or dump runs for 462 days from Tue 2026-11-24 02:01 UTC; schedule a full at least every 7 days.",
        breaks_at: "2026-12-01T02:01:30Z",
        from: "2026-11-24T02:01:30Z",
        to: "2028-02-29T02:00:00Z",
      },
    ]);
    expect(control(report, LEAP_DAY)).toBe("fail");
  });

  it('a "0 4 31 * *" full skips November and breaks a 31-day base age on 12-01; the 1st of each month does not', async () => {
    const { report } = await audit([DAY_31, FIRST_OF_MONTH], { max_full_age_days: 31 });
    expect(coming(report, DAY_31)).toEqual([
      {
        severity: "warning",
        kind: "coming_full_age_breach",
        message:
          "The 31-day base age breaks Tue 2026-12-01 04:01 UTC: no full, snapshot or dump runs for 61 days from Sat 2026-10-31 04:01 UTC; schedule a full at least every 31 days.",
        breaks_at: "2026-12-01T04:01:30Z",
        from: "2026-10-31T04:01:30Z",
        to: "2026-12-31T04:00:00Z",
      },
    ]);
    expect(control(report, DAY_31)).toBe("fail");
    expect(coming(report, FIRST_OF_MONTH)).toEqual([]);
    expect(control(report, FIRST_OF_MONTH)).toBe("pass");
  });

  it("a binlog schedule sparser than a 4h RPO breaks it at 13:00 today; hourly binlogs hold", async () => {
    const { report } = await audit([SPARSE_BINLOG, HEALTHY], { max_age_hours: 4 });
    expect(coming(report, SPARSE_BINLOG)).toEqual([
      {
        severity: "warning",
        kind: "coming_rpo_breach",
        message:
          "The 4h RPO breaks Thu 2026-11-26 13:00 UTC: nothing runs for 6h from Thu 2026-11-26 09:00 UTC; add a run in it (create_backup_schedule).",
        breaks_at: "2026-11-26T13:00:00Z",
        from: "2026-11-26T09:00:00Z",
        to: "2026-11-26T15:00:00Z",
      },
    ]);
    // Today's RPO still holds: rpo passes, the look ahead fails.
    const sparse = report.services.find((s) => s.service_id === SPARSE_BINLOG.id);
    expect(sparse?.controls.rpo).toBe("pass");
    expect(control(report, SPARSE_BINLOG)).toBe("fail");
    expect(coming(report, HEALTHY)).toEqual([]);
    expect(control(report, HEALTHY)).toBe("pass");
  });

  it("with no base schedule at all, names the day the last full gets too old", async () => {
    const { report } = await audit([NO_BASE_SCHEDULE]);
    expect(coming(report, NO_BASE_SCHEDULE)).toEqual([
      {
        severity: "warning",
        kind: "coming_full_age_breach",
        message:
          "The 7-day base age breaks Sat 2026-11-28 02:01 UTC; no full, snapshot or dump is scheduled; add one (create_backup_schedule).",
        breaks_at: "2026-11-28T02:01:30Z",
        from: "2026-11-21T02:01:30Z",
      },
    ]);
  });
});
