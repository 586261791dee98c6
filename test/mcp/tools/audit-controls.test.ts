import { describe, expect } from "vitest";
import { BACKUP_TYPES } from "../../../src/api/records.js";
import { EmulatorState } from "../../helpers/emulator.js";
import {
  ACCOUNTS,
  BINLOG_STOPPED,
  DAY,
  EXPECTED,
  HOUR,
  NOW,
  type Account,
  recentDrill,
} from "../../helpers/audit-accounts.js";
import { pit, rfc } from "../../helpers/backups.js";
import type { AuditReport } from "../../helpers/audit-report.js";
import { fakeAccount, json, type FakeHandler } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { testWithHarness } from "../../helpers/fixtures.js";
import { structured } from "../../helpers/harness.js";

type Report = AuditReport;

const byService = (r: Report, id: string): Record<string, unknown>[] =>
  r.findings.filter((f) => f.service_id === id).map(({ service_id: _, ...rest }) => rest);

/** Puts crafted accounts into an emulator's state, as its API will then list them. */
function load(state: EmulatorState, accounts: readonly Account[]): void {
  for (const [i, a] of accounts.entries()) {
    const drill = recentDrill(a, i + 1);
    const drillMs = Date.parse(drill.created_at ?? "");
    state.restores.add({
      serviceId: a.id,
      serviceName: a.name,
      backupId: drill.backup_id ?? "",
      bucket: "gs://crafted-backups/x",
      type: "physical",
      createdMs: drillMs,
      endsMs: drillMs + 20 * 60_000,
      outcome: { status: "Succeeded" },
    });
    const svc = state.addService(a.id, { name: a.name });
    for (const s of a.schedules) {
      const type = BACKUP_TYPES.find((t) => t === s.type) ?? "full";
      state.addSchedule(
        {
          svc,
          type,
          schedule: s.cron,
          createdMs: s.createdMs,
          ...(s.updatedMs !== undefined && { updatedMs: s.updatedMs }),
          ...(s.suspended !== undefined && { suspended: s.suspended }),
        },
        s.id,
      );
    }
    for (const b of a.backups) {
      const ok = b.status === "Succeeded";
      state.addBackup({
        service_id: a.id,
        type: BACKUP_TYPES.find((t) => t === b.type) ?? "full",
        status: b.status,
        start_time: rfc(b.startMs),
        end_time: ok ? rfc(b.startMs + 60_000) : "",
        point_in_time: ok ? pit(b.pointMs ?? b.startMs + 60_000) : "",
      });
    }
  }
}

const it = testWithHarness({ now: () => new Date(NOW), emptyData: true }, (h) =>
  load(h.emulator.state, ACCOUNTS),
);

describe("audit_backups controls over an emulator loaded with crafted accounts", () => {
  it.for([7, 90])(
    "finds exactly each account's problem with lookback_days %i",
    async (lookback_days, { h }) => {
      const r = structured<Report>(await h.call("audit_backups", { lookback_days }));
      for (const a of ACCOUNTS) {
        expect({ id: a.id, findings: byService(r, a.id) }).toEqual({
          id: a.id,
          findings: EXPECTED[a.id]?.findings,
        });
        const controls = r.services.find((s) => s.service_id === a.id)?.controls;
        expect({ id: a.id, controls }).toEqual({ id: a.id, controls: EXPECTED[a.id]?.controls });
      }
      expect(r.verdict).toBe("warning");
    },
  );
});

describe("following the audit's advice", () => {
  it("a once backup restores the RPO but leaves the stopped schedules flagged", async ({
    freshHarness,
  }) => {
    let now = NOW;
    const h = await freshHarness({ now: () => new Date(now), emptyData: true });
    // Everything stopped three days ago.
    const stopped: Account = {
      ...BINLOG_STOPPED,
      backups: BINLOG_STOPPED.backups.filter((b) => b.startMs < NOW - 3 * DAY),
    };
    load(h.emulator.state, [stopped]);
    const kinds = (r: Report): string[] => r.findings.map((f) => String(f.kind));
    const before = structured<Report>(await h.call("audit_backups"));
    expect(kinds(before)).toEqual(["stale", "missed_runs"]);
    const created = await h.call("create_backup_schedule", {
      service_id: stopped.id,
      backup_type: "full",
      schedule: "once",
    });
    expect(created.isError).toBeFalsy();
    now += 20 * 60_000;
    const after = structured<Report>(await h.call("audit_backups"));
    expect(kinds(after)).toEqual(["missed_runs"]);
    expect(after.findings[0]?.message).toBe(before.findings[1]?.message);
    // Pinned: it names the stopped schedules and their misses, not the once run.
    expect(after.findings[0]?.message).toMatch(
      /#\d+ (has not produced a backup )?since 2026-11-2\d \d\d:\d\d UTC.* missed/,
    );
    expect(after.services[0]?.controls).toMatchObject({
      rpo: "pass",
      recurring_protection: "pass",
      schedules_deliver: "fail",
    });
  });

  it("a once schedule alone is no protection, before and after it ran", async ({
    freshHarness,
  }) => {
    let now = NOW;
    const h = await freshHarness({ now: () => new Date(now), emptyData: true });
    const id = "dbnew00000042";
    h.emulator.state.addService(id, { name: "brand-new" });
    // Straight to the API: this server's create refuses an id with no backups or schedules yet.
    const created = await fetch(`${h.emulator.url}/skybackup/v1/backups/schedules`, {
      method: "POST",
      headers: { "X-API-Key": h.emulator.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ service_id: id, backup_type: "full", schedule: "once" }),
    });
    expect(created.ok).toBe(true);
    const audit = async (): Promise<Report> =>
      structured<Report>(await h.call("audit_backups", { service_id: id }));
    const running = await audit();
    // No restore was ever made from it either: an info line, which never raises the verdict.
    expect(running.findings.map((f) => f.kind)).toEqual([
      "never_succeeded",
      "only_once_schedules",
      "restore_unproven",
    ]);
    now += 20 * 60_000;
    const done = await audit();
    expect(done.findings.map((f) => f.kind)).toEqual(["only_once_schedules", "restore_unproven"]);
    expect(done.services[0]?.controls.recurring_protection).toBe("fail");
  });
});

/** A hand-written upstream: odd spellings, missing or unreadable created_at, string ids, junk records. */
function oddAccount(): { backups: unknown[]; schedules: Record<string, unknown[]> } {
  const backups: unknown[] = [];
  for (let d = 10; d >= 0; d -= 1) {
    const start = Date.parse("2026-11-26T02:00:05Z") - d * DAY;
    // Zone-less start, no end_time: the API mixes time formats.
    backups.push({
      id: `f${d}`,
      service_id: "dbodd00000010",
      service_name: "odd-one",
      type: "FULL",
      status: "SUCCEEDED",
      start_time: pit(start),
      point_in_time: pit(start + 90_000),
    });
  }
  for (let t = NOW - 10 * DAY; t <= Date.parse("2026-11-26T03:00:00Z"); t += HOUR) {
    backups.push({
      id: `b${t}`,
      service_id: "dbodd00000010",
      type: "BinaryLog",
      status: "Succeeded",
      start_time: new Date(t + 20_123).toISOString(),
      point_in_time: pit(t),
      extra: { x: 1 },
    });
  }
  backups.push(
    {
      id: "once",
      service_id: "dbodd00000011",
      service_name: "odd-two",
      type: "full",
      status: "Succeeded",
      start_time: rfc(NOW - 2 * HOUR),
      end_time: rfc(NOW - HOUR),
    },
    { service_id: "dbodd00000011", type: null, status: "Weird" },
  );
  return {
    backups,
    schedules: {
      dbodd00000010: [
        { id: "7", type: "FULL", schedule: "0 2 * * *" },
        {
          id: 8,
          type: "BinaryLog",
          schedule: "0 * * * *",
          suspended: "false",
          created_at: "not a date",
        },
      ],
      dbodd00000011: [{ id: 9, type: "full", schedule: "ONCE" }],
    },
  };
}

/** This upstream lists no restores at all: each service gets this one info line, nothing more. */
const NO_DRILL = {
  severity: "info",
  kind: "restore_unproven",
  message:
    "No restore from its backups on record; drill one into a scratch service (plan_restore target_service_id).",
  count: 0,
};

describe("audit_backups controls over a hand-written upstream", () => {
  const data = oddAccount();
  // The schedules carry no service_id (the API's own answers may not), so they are keyed here.
  const upstream: FakeHandler = (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const service = url.searchParams.get("service_id");
    if (url.pathname.endsWith("/schedules")) {
      const list = (service && data.schedules[service]) || [];
      return json(res, 200, { schedules: list, schedules_count: list.length, pages_count: 1 });
    }
    fakeAccount({ backups: data.backups, honourServiceFilter: true })(req, res);
  };

  async function audit(args: Record<string, unknown>): Promise<{ report: Report }> {
    const result = await callAgainstFake(upstream, "audit_backups", args, {
      now: () => new Date(NOW),
    });
    return { report: structured<Report>(result) };
  }

  it("names the silent binlog schedule and the once-only service, nothing else", async () => {
    const { report } = await audit({});
    expect(byService(report, "dbodd00000010")).toEqual([
      {
        severity: "warning",
        kind: "missed_runs",
        message:
          "hourly binarylog #8 has produced nothing since 2026-11-26 03:00 UTC (8 runs missed); find why (list_backup_schedules).",
        count: 8,
        schedule_ids: [8],
        since: "2026-11-26T03:00:00Z",
      },
      NO_DRILL,
    ]);
    expect(byService(report, "dbodd00000011")).toEqual([
      {
        severity: "warning",
        kind: "only_once_schedules",
        message: `Only one-time schedules (full #9): nothing backs it up again; add a recurring one (create_backup_schedule).`,
        count: 1,
        schedule_ids: [9],
      },
      NO_DRILL,
    ]);
    const controls = Object.fromEntries(report.services.map((s) => [s.service_id, s.controls]));
    expect(controls).toEqual({
      dbodd00000010: {
        recurring_protection: "pass",
        schedules_deliver: "fail",
        rpo: "pass",
        base_backup_age: "pass",
        pitr_coverage: "fail",
        failures: "pass",
        restore_proven: "fail",
        schedules_meet_targets: "pass",
      },
      dbodd00000011: {
        recurring_protection: "fail",
        schedules_deliver: "not_applicable",
        rpo: "pass",
        base_backup_age: "pass",
        pitr_coverage: "not_applicable",
        failures: "pass",
        restore_proven: "fail",
        schedules_meet_targets: "not_applicable",
      },
    });
  });

  it("a service name given as an id is an unknown id, with the real id suggested", async () => {
    const { report } = await audit({ service_ids: ["odd-one", "dbzzz00000099"] });
    // Two unknown ids and nothing else (no "no schedule" finding for either).
    expect(report.findings.map((f) => [f.service_id, f.kind, f.suggested_id])).toEqual([
      ["dbzzz00000099", "unknown_service", undefined],
      ["odd-one", "unknown_service", "dbodd00000010"],
    ]);
    expect(report.findings[1]).toEqual({
      service_id: "odd-one",
      severity: "critical",
      kind: "unknown_service",
      message:
        "no backups or schedules are known for odd-one: check the id; list_services shows the known ones; odd-one is the name of service dbodd00000010, audit that id.",
      suggested_id: "dbodd00000010",
    });
    expect(report.services.map((s) => [s.service_id, s.status, s.known])).toEqual([
      ["dbzzz00000099", "critical", false],
      ["odd-one", "critical", false],
    ]);
  });
});
