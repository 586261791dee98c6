import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect } from "vitest";
import { SCENARIOS, type Backup } from "../../helpers/emulator.js";
import { ALL_PASS } from "../../helpers/audit-accounts.js";
import type { AuditFinding, AuditReport } from "../../helpers/audit-report.js";
import { json, type FakeHandler } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { testWithHarness } from "../../helpers/fixtures.js";
import { structured, textOf } from "../../helpers/harness.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const HOUR = 3_600_000;
const WINDOW_START = NOW.getTime() - 7 * 24 * HOUR;

type Report = AuditReport;

const pit = (b: Backup): string => `${b.point_in_time.replace(" ", "T")}Z`;
const startMs = (b: Backup): number => Date.parse(b.start_time);
const pairs = (r: Report, severity?: string): string[] =>
  r.findings
    .filter((f) => severity === undefined || f.severity === severity)
    .map((f) => `${f.service_id} ${f.kind}`)
    .sort();

// One audit of the demo data, read by every test of the first describe; the option tests
// make their own calls, so they get an emulator of their own.
const itOnOneAudit = testWithHarness({ now: () => NOW });
const it = testWithHarness({ now: () => NOW });

describe("audit_backups over the demo dataset", () => {
  let result: CallToolResult;
  let report: Report;
  let of: (id: string) => Backup[];
  itOnOneAudit.beforeAll(async ({ h }) => {
    of = (id) => h.emulator.state.backups.filter((b) => b.service_id === id);
    result = await h.call("audit_backups");
    report = structured<Report>(result);
  });

  itOnOneAudit("names exactly the problems each scenario stages", ({ h }) => {
    expect(result.isError).toBeFalsy();
    const S = SCENARIOS;
    expect(pairs(report, "critical")).toEqual(
      [
        `${S.failing} failing_streak`,
        `${S.stopped} stale`,
        `${S.suspended} stale`,
        `${S.unscheduled} stale`,
      ].sort(),
    );
    expect(pairs(report, "warning")).toEqual(
      [
        `${S.stuck} stuck_running`,
        // Nothing has started behind the stuck full, binlogs included: recovery lags too.
        `${S.stuck} binlog_lag`,
        // The full before the stuck one said Succeeded with 0 bytes.
        `${S.stuck} suspect_base`,
        // Its schedules were just cut to weekday office hours: the coming weekend breaks the RPO.
        `${S.incrementalOnly} coming_rpo_breach`,
        `${S.suspended} all_suspended`,
        `${S.unscheduled} no_schedule`,
        `${S.binlogGap} binlog_gap`,
        `${S.incrementalOnly} no_recent_full`,
        `${S.stopped} missed_runs`,
      ].sort(),
    );
    // The stopped service's binlog schedule has nothing in view: the evidence names the window,
    // not a time that moves with the clock.
    const stopped = report.findings.find((f) => f.kind === "missed_runs")?.message ?? "";
    const binlogs = h.emulator.state.backups.filter(
      (b) => b.service_id === S.stopped && b.type === "binarylog",
    );
    expect(binlogs).toEqual([]);
    expect(stopped).toMatch(/hourly binarylog #\d+ none in 7 days/);
    // Isolated random failures, worked out from the emulator's data rather than hard-coded.
    const withStray = h.emulator.state.services.filter(
      (id) =>
        id !== S.failing && of(id).some((b) => b.status === "Failed" && startMs(b) >= WINDOW_START),
    );
    expect(withStray.length).toBeGreaterThan(0);
    const info = pairs(report, "info");
    // inventory-prod's data was replaced by a restore of an orders-prod backup 3 days ago.
    expect(info.filter((p) => !p.endsWith("restore_unproven"))).toEqual(
      [...withStray.map((id) => `${id} recent_failures`), `${S.failing} restored_over`].sort(),
    );
    // The drill history: only orders-prod has a successful restore within 30 days.
    expect(info.filter((p) => p.endsWith("restore_unproven"))).toEqual(
      h.emulator.state.services
        .filter((id) => id !== S.healthy)
        .map((id) => `${id} restore_unproven`)
        .sort(),
    );
    expect(report.verdict).toBe("critical");
    expect(report.services.find((s) => s.service_id === S.healthy)?.status).toBe("ok");
  });

  itOnOneAudit("gives each service's control results, failing exactly the staged problem", () => {
    const S = SCENARIOS;
    // Only orders-prod was drilled in the last 30 days (NOTES-restore-api.md, drill history).
    const all = (overrides: Record<string, string>): Record<string, string> => ({
      ...ALL_PASS,
      restore_proven: "fail",
      ...overrides,
    });
    const none = {
      recurring_protection: "fail",
      schedules_deliver: "not_applicable",
      schedules_meet_targets: "not_applicable",
    };
    const expected: Record<string, Record<string, string>> = {
      [S.healthy]: all({ restore_proven: "pass" }),
      // Binlog coverage lags too, but a missed run, a failing streak or a stuck run already says why.
      [S.stopped]: all({ schedules_deliver: "fail", rpo: "fail", pitr_coverage: "fail" }),
      // Its runs are attempted but fail: schedules_deliver fails, failing_streak is the one line.
      [S.failing]: all({ failures: "fail", schedules_deliver: "fail", pitr_coverage: "fail" }),
      [S.stuck]: all({ failures: "fail", pitr_coverage: "fail", schedules_deliver: "fail" }),
      [S.suspended]: all({ ...none, rpo: "fail", pitr_coverage: "not_applicable" }),
      [S.unscheduled]: all({
        ...none,
        rpo: "fail",
        base_backup_age: "fail",
        pitr_coverage: "not_applicable",
      }),
      [S.binlogGap]: all({ pitr_coverage: "fail" }),
      [S.incrementalOnly]: all({ base_backup_age: "fail", schedules_meet_targets: "fail" }),
      // The scratch restore target is healthy: restoring into it must not look like a problem
      // (it was never restored FROM, which is one info line).
      [S.restoreTarget]: all({}),
    };
    const actual = Object.fromEntries(report.services.map((s) => [s.service_id, s.controls]));
    expect(actual).toEqual(expected);
  });

  itOnOneAudit(
    "puts the verdict on the first line, then one line per service with its findings, in 1,100 tokens",
    ({ h }) => {
      const lines = textOf(result).split("\n");
      const total = h.emulator.state.backups.length.toLocaleString("en-US");
      const info = pairs(report, "info").length;
      expect(lines[0]).toBe(
        `CRITICAL: 7 of 9 services need attention (4 critical, 9 warnings, ${info} info) · ${total} backups scanned · RPO 26h · last 7d · times UTC`,
      );
      expect(lines[1]).toMatch(/^Services \(status · age of newest restorable point · /);
      // One line per service, worst first, each finding under its service with its severity.
      const services = report.services.map((s) => s.service_id);
      const starts = services.map((id) => lines.findIndex((l) => l.startsWith(`${id} `)));
      expect(starts.every((at, i) => at > (starts[i - 1] ?? 1))).toBe(true);
      const unproven = report.findings.filter((f) => f.kind === "restore_unproven");
      services.forEach((id, i) => {
        const under = lines.slice(starts[i]! + 1, starts[i + 1] ?? lines.length - 1);
        const mine = report.findings.filter(
          (f) => f.service_id === id && f.kind !== "restore_unproven",
        );
        expect(under).toEqual(
          mine.map((f) => expect.stringMatching(new RegExp(`^- ${f.severity} ${f.kind}: `))),
        );
      });
      // The services not restored from lately share the last line.
      const drills = lines.filter((l) => l.includes(" restore_unproven: "));
      expect(drills).toEqual([lines.at(-1)]);
      expect(unproven.length).toBe(services.length - 1);
      expect(drills[0]).toContain(`on all but ${SCENARIOS.healthy} (`);
      expect(drills[0]).toContain(`last 75 days ago: ${SCENARIOS.binlogGap}`);
      expect(drills[0]).toContain(`only failed ones: ${SCENARIOS.failing}`);
      expect(drills[0]).toContain(`none on record: the other ${unproven.length - 2})`);
      // Times once in UTC, without the year of the report.
      expect(textOf(result)).not.toMatch(/ UTC\b(?! ·|$)|\b2026-/m);
      // The budget for the demo audit: 1,100 tokens (o200k, as bench/tokens.ts counts).
      expect(countTokens(textOf(result))).toBeLessThanOrEqual(1100);
    },
  );

  itOnOneAudit("counts every backup once, per service and per status in the window", ({ h }) => {
    expect(report.backups_scanned).toBe(h.emulator.state.backups.length);
    for (const s of report.services) {
      const mine = of(s.service_id);
      expect(s.backups_total).toBe(mine.length);
      const inWindow = mine.filter((b) => startMs(b) >= WINDOW_START);
      expect(s.window.backups).toBe(inWindow.length);
      expect(s.window.by_status.failed ?? 0).toBe(
        inWindow.filter((b) => b.status === "Failed").length,
      );
      expect(s.window.by_type.binarylog ?? 0).toBe(
        inWindow.filter((b) => b.type === "binarylog").length,
      );
    }
  });

  itOnOneAudit("gives the facts behind each finding", ({ h }) => {
    const find = (id: string, kind: string): AuditFinding | undefined =>
      report.findings.find((f) => f.service_id === id && f.kind === kind);

    const logs = of(SCENARIOS.binlogGap).filter(
      (b) => b.type === "binarylog" && b.status === "Succeeded",
    );
    const i = logs.findIndex(
      (b, k) => k > 0 && Date.parse(pit(b)) - Date.parse(pit(logs[k - 1]!)) > HOUR,
    );
    expect(find(SCENARIOS.binlogGap, "binlog_gap")).toMatchObject({
      from: pit(logs[i - 1]!),
      to: pit(logs[i]!),
    });
    expect(find(SCENARIOS.binlogGap, "binlog_gap")?.message).toContain(
      "2026-11-24 10:00–16:00 UTC",
    );

    const failing = of(SCENARIOS.failing).sort((a, b) => startMs(b) - startMs(a));
    const streak = failing.findIndex((b) => b.status !== "Failed");
    expect(find(SCENARIOS.failing, "failing_streak")?.count).toBe(streak);

    const running = h.emulator.state.backups.find((b) => b.status === "Running")!;
    expect(find(SCENARIOS.stuck, "stuck_running")?.since).toBe(running.start_time);

    const lastOk = of(SCENARIOS.stopped)
      .filter((b) => b.status === "Succeeded")
      .at(-1)!;
    expect(find(SCENARIOS.stopped, "stale")?.since).toBe(pit(lastOk));
    expect(find(SCENARIOS.stopped, "stale")?.message).toMatch(
      /^Restorable only to full [^(]*\(4\.\d days old\)/,
    );

    // The newest full before the stuck one: Succeeded, 0 bytes.
    const empty = of(SCENARIOS.stuck).findLast(
      (b) => b.type === "full" && b.status === "Succeeded",
    )!;
    expect(empty.backup_size).toBe(0);
    expect(find(SCENARIOS.stuck, "suspect_base")).toMatchObject({
      since: pit(empty),
      figures: { backup_id: empty.id, bytes: 0 },
    });

    // Thursday noon: the last weekday run is Friday 18:00, the next Monday 00:00.
    expect(find(SCENARIOS.incrementalOnly, "coming_rpo_breach")).toMatchObject({
      breaks_at: "2026-11-28T20:00:00Z",
      from: "2026-11-27T18:00:00Z",
      to: "2026-11-30T00:00:00Z",
    });

    // One restore into inventory-prod: the newest orders-prod full before it, still listed.
    const restore = h.emulator.state.restores.forTarget(SCENARIOS.failing)[0]!;
    expect(restore.backupId).toBe(
      of(SCENARIOS.healthy).findLast(
        (b) => b.type === "full" && b.status === "Succeeded" && startMs(b) < restore.createdMs,
      )?.id,
    );
    expect(find(SCENARIOS.failing, "restored_over")).toMatchObject({
      since: new Date(restore.createdMs).toISOString().replace(".000Z", "Z"),
      count: 1,
      message: expect.stringContaining(`from a backup of ${SCENARIOS.healthy};`),
    });

    const healthy = report.services.find((s) => s.service_id === SCENARIOS.healthy);
    expect(healthy?.schedules).toMatchObject({ count: 4, suspended: 0 });
    expect(healthy?.schedules?.next_runs[0]).toEqual(
      expect.objectContaining({ time: "2026-11-26T13:00:00Z", type: "binarylog" }),
    );
  });

  itOnOneAudit(
    "reads every page concurrently with page_size 500, oldest first, plus each service's schedules",
    ({ h }) => {
      const requests = h.emulator.requests;
      const backupPages = requests.filter((r) => r.path === "/skybackup/v1/backups");
      expect(backupPages).toHaveLength(Math.ceil(h.emulator.state.backups.length / 500));
      expect(
        backupPages.every(
          (r) => r.query.includes("page_size=500") && r.query.includes("order=asc"),
        ),
      ).toBe(true);
      expect(requests.filter((r) => r.path === "/skybackup/v1/backups/schedules")).toHaveLength(9);
    },
  );
});

describe("audit_backups options", () => {
  it("service_ids audits only those, through the service_id filter", async ({ h }) => {
    const before = h.emulator.requests.length;
    const ids = [SCENARIOS.healthy, SCENARIOS.binlogGap, "dbzzz99999999"];
    const r = structured<Report>(await h.call("audit_backups", { service_ids: ids }));
    expect(r.services.map((s) => s.service_id).sort()).toEqual([...ids].sort());
    // The scratch service is not audited, so the drills into it are not seen, and the note says so.
    expect(pairs(r)).toEqual([
      `${SCENARIOS.binlogGap} binlog_gap`,
      `${SCENARIOS.binlogGap} restore_unproven`,
      `${SCENARIOS.healthy} restore_unproven`,
      "dbzzz99999999 unknown_service",
    ]);
    expect(r.notes?.join(" ")).toMatch(/audited services as targets only/);
    const sent = h.emulator.requests
      .slice(before)
      .filter((q) => q.path === "/skybackup/v1/backups");
    const filters = sent.map((q) => new URLSearchParams(q.query).get("service_id"));
    expect(filters.filter((f) => f !== null).sort()).toEqual([...ids].sort());
    // An unknown id shaped like an issued one (db + 3 letters + 8 digits) is a typo, not a
    // service name: no unfiltered read looks for a name.
    expect(sent.filter((q) => !q.query.includes("service_id"))).toEqual([]);
    const unknown = r.services.find((s) => s.service_id === "dbzzz99999999");
    expect(unknown).toMatchObject({ known: false, status: "critical" });
    expect(Object.values(unknown?.controls ?? {})).toEqual(Array(8).fill("unknown"));
    expect(r.findings.find((f) => f.kind === "unknown_service")?.message).toBe(
      "no backups or schedules are known for dbzzz99999999: check the id; list_services shows the known ones.",
    );
  });

  it("an id that is really a service name gets the matching id suggested", async ({ h }) => {
    const r = structured<Report>(await h.call("audit_backups", { service_id: "orders-prod" }));
    expect(r.findings).toEqual([
      {
        severity: "critical",
        service_id: "orders-prod",
        kind: "unknown_service",
        message: `no backups or schedules are known for orders-prod: check the id; list_services shows the known ones; orders-prod is the name of service ${SCENARIOS.healthy}, audit that id.`,
        suggested_id: SCENARIOS.healthy,
      },
    ]);
    expect(r.verdict).toBe("critical");
  });

  it("max_age_hours moves the stale line", async ({ h }) => {
    const r = structured<Report>(await h.call("audit_backups", { max_age_hours: 200 }));
    expect(r.findings.filter((f) => f.kind === "stale").map((f) => f.service_id)).toEqual([
      SCENARIOS.unscheduled,
    ]);
    expect(r.max_age_hours).toBe(200);
  });

  it("sends progress notifications when the caller asks", async ({ h }) => {
    const seen: { progress: number; total?: number }[] = [];
    await h.client.callTool({ name: "audit_backups", arguments: {} }, undefined, {
      onprogress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const done = seen.map((p) => p.progress);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    // 9 services' schedules and 4 pages of 500 backups.
    expect(seen.at(-1)).toMatchObject({ progress: 13, total: 13 });
  });

  it.for([
    ["both filters", { service_id: SCENARIOS.healthy, service_ids: [SCENARIOS.stuck] }, "not both"],
    ["max_age_hours 0", { max_age_hours: 0 }, "max_age_hours"],
    ["lookback_days 91", { lookback_days: 91 }, "lookback_days"],
    ["no service_ids", { service_ids: [] }, "service_ids"],
    ["a reserved id", { service_ids: ["schedules"] }, "reserved"],
    [
      "101 services",
      { service_ids: Array.from({ length: 101 }, (_, i) => `dbxyz${String(i).padStart(8, "0")}`) },
      "service_ids",
    ],
  ] as const)("refuses %s before any request", async ([, args, mention], { h }) => {
    const before = h.emulator.requests.length;
    const r = await h.call("audit_backups", args);
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain(mention);
    expect(h.emulator.requests.length).toBe(before);
  });
});

describe("audit_backups at scale", () => {
  it("scans thousands of backups exactly once", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => NOW, backups: 5000, services: 12 });
    const r = structured<Report>(await h.call("audit_backups", { lookback_days: 90 }));
    const all = h.emulator.state.backups;
    expect(all.length).toBeGreaterThan(4500);
    expect(r.backups_scanned).toBe(all.length);
    expect(r.services).toHaveLength(12);
    for (const s of r.services) {
      const mine = all.filter((b) => b.service_id === s.service_id);
      expect(s.backups_total).toBe(mine.length);
      expect(s.window.by_status.succeeded ?? 0).toBe(
        mine.filter((b) => b.status === "Succeeded" && startMs(b) >= NOW.getTime() - 90 * 24 * HOUR)
          .length,
      );
    }
  });

  it("under --services, an unfiltered audit covers just the allowed services", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => NOW, scope: [SCENARIOS.healthy] });
    const r = structured<Report>(await h.call("audit_backups"));
    expect(r.services.map((s) => s.service_id)).toEqual([SCENARIOS.healthy]);
    expect(r.backups_scanned).toBe(
      h.emulator.state.backups.filter((b) => b.service_id === SCENARIOS.healthy).length,
    );
    const refused = await h.call("audit_backups", { service_id: SCENARIOS.stuck });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("outside this server's scope");
  });
});

describe("audit_backups with odd API data", () => {
  it("never crashes on strange records, counts or schedules, and still gives a verdict", async () => {
    const oddApi: FakeHandler = (req, res) => {
      if (req.url?.startsWith("/skybackup/v1/backups/schedules")) {
        json(res, 200, { schedules: [{ id: "x", suspended: "true" }, 5], pages_count: "many" });
        return;
      }
      json(res, 200, {
        backups: [
          {
            id: "a",
            service_id: "dbodd00000001",
            type: "FULL",
            status: "SUCCEEDED",
            end_time: "2026-11-26T10:00:00Z",
          },
          { id: "b", service_id: "dbodd00000001", status: "Running", start_time: "not a time" },
          { service_id: 42, type: ["full"], backup_size: "lots" },
          "not an object",
          null,
        ],
        backups_count: "five",
      });
    };
    const result = await callAgainstFake(oddApi, "audit_backups", {}, { now: () => NOW });
    expect(result.isError).toBeFalsy();
    const r = structured<Report>(result);
    expect(r.backups_scanned).toBe(5);
    // "42" is a service id only the data can produce: summarised, but never sent as a query,
    // and the audit says so instead of passing it.
    expect(r.services.map((s) => s.service_id)).toEqual(["42", "dbodd00000001"]);
    expect(r.services[0]?.schedules).toBeUndefined();
    expect(r.findings.map((f) => `${f.service_id} ${f.kind}`)).toEqual([
      "42 never_succeeded",
      "42 invalid_service_id",
      "dbodd00000001 all_suspended",
    ]);
    // Restores into "42" were not read either, so no service is called unproven: unknown, said once.
    expect(r.notes).toEqual([
      expect.stringMatching(
        /^restore history unreadable for 1 of 2 services \(a service id from the API is not a valid service id/,
      ),
    ]);
    expect(r.services[1]?.schedules).toMatchObject({ count: 1, suspended: 1 });
    expect(r.verdict).toBe("critical");
    // Both services need attention.
    expect(r.services.map((s) => s.status)).toEqual(["critical", "warning"]);
    expect(structured<{ counts: unknown }>(result).counts).toEqual({
      critical: 1,
      warning: 2,
      info: 0,
    });
  });
});
