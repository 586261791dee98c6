/**
 * restore_proven through MCP on the emulator's demo drill history
 * (NOTES-restore-api.md): orders-prod drilled 26 days ago into
 * scratch-restore, payments-prod by point in time 75 days ago, and a failed
 * inventory-prod restore 44 days ago; 3 days ago an orders-prod backup was
 * restored into inventory-prod, which credits orders-prod too. Plus an API
 * without restore endpoints.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { AuditReport } from "../../helpers/audit-report.js";
import { fakeAccount, json } from "../../helpers/fake-api.js";
import { fakeApiTest, testWithHarness } from "../../helpers/fixtures.js";
import { structured, textOf, type Harness } from "../../helpers/harness.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const S = SCENARIOS;
const it = testWithHarness({ now: () => NOW });

async function audit(h: Harness, args: Record<string, unknown> = {}) {
  const result = await h.call("audit_backups", args);
  return { result, report: structured<AuditReport>(result) };
}
const proven = (r: AuditReport, id: string): string | undefined =>
  r.services.find((s) => s.service_id === id)?.controls.restore_proven;
const drillFinding = (r: AuditReport, id: string) =>
  r.findings.find((f) => f.service_id === id && f.kind === "restore_unproven");

describe("restore_proven on the demo drill history", () => {
  it("credits the drills into scratch-restore to their sources", async ({ h }) => {
    const { report } = await audit(h);
    expect(report.restore_drill_days).toBe(30);
    expect(proven(report, S.healthy)).toBe("pass");
    expect(drillFinding(report, S.healthy)).toBeUndefined();
    // The point-in-time drill names the source service itself as its backup_id.
    expect(drillFinding(report, S.binlogGap)).toMatchObject({ severity: "info", count: 1 });
    expect(drillFinding(report, S.binlogGap)?.message).toMatch(
      new RegExp(
        `^Last successful restore from its backups was 75 days ago \\(.* into ${S.restoreTarget}\\), over 30 days`,
      ),
    );
    expect(drillFinding(report, S.failing)?.message).toMatch(
      /^No restore from its backups ever succeeded; the latest, .* failed/,
    );
    // Info only: the verdicts come from the backups, exactly as before.
    expect(report.services.find((s) => s.service_id === S.healthy)?.status).toBe("ok");
    expect(report.services.find((s) => s.service_id === S.restoreTarget)?.status).toBe("ok");
    // Every target's history was read, once per audited service.
    const lists = h.emulator.requests.filter((q) => q.path === "/skybackup/v1/restores");
    expect(lists.map((q) => new URLSearchParams(q.query).get("service_id")).sort()).toEqual(
      [...h.emulator.state.services].sort(),
    );
  });

  it("require_restore_drill_days makes them warnings, and 2 days fails orders-prod too", async ({
    h,
  }) => {
    const month = (await audit(h, { require_restore_drill_days: 30 })).report;
    expect(month.restore_drill_required).toBe(true);
    expect(proven(month, S.healthy)).toBe("pass");
    expect(drillFinding(month, S.binlogGap)?.severity).toBe("warning");
    expect(drillFinding(month, S.failing)?.severity).toBe("warning");
    // Its newest successful restore is the one into inventory-prod 3 days ago.
    const strict = (await audit(h, { require_restore_drill_days: 2 })).report;
    expect(drillFinding(strict, S.healthy)).toMatchObject({ severity: "warning" });
    expect(drillFinding(strict, S.healthy)?.message).toMatch(
      new RegExp(`was 3 days ago \\(.* into ${S.failing}\\), over 2 days`),
    );
    expect(strict.services.find((s) => s.service_id === S.healthy)?.status).toBe("warning");
  });

  it("refuses a drill requirement out of range", async ({ h }) => {
    for (const bad of [0, 366, 1.5]) {
      const result = await h.call("audit_backups", { require_restore_drill_days: bad });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/require_restore_drill_days/);
    }
  });

  it("an audit of orders-prod with scratch-restore sees the drill; without it, says why not", async ({
    h,
  }) => {
    const both = (await audit(h, { service_ids: [S.healthy, S.restoreTarget] })).report;
    expect(proven(both, S.healthy)).toBe("pass");
    const alone = (await audit(h, { service_id: S.healthy })).report;
    expect(proven(alone, S.healthy)).toBe("fail");
    expect(alone.notes?.join(" ")).toMatch(/audited services as targets only/);
  });

  it("a listing that fails (405) makes the control unknown, with a note; the audit still runs", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => NOW });
    h.emulator.faults.add({
      fault: "status",
      status: 405,
      match: { method: "GET", path: "/skybackup/v1/restores" },
      times: Infinity,
    });
    const { result, report } = await audit(h);
    expect(result.isError).toBeFalsy();
    expect(report.services.map((s) => s.controls.restore_proven)).toEqual(
      report.services.map(() => "unknown"),
    );
    expect(report.findings.filter((f) => f.kind === "restore_unproven")).toEqual([]);
    expect(report.notes?.[0]).toMatch(
      /^restore history unreadable for 9 of 9 services \(GET \/skybackup\/v1\/restores -> 405\)/,
    );
    expect(report.verdict).toBe("critical");
  });
});

describe("restore_proven on an API without restore endpoints", () => {
  fakeApiTest(
    "404 on /restores: unknown for each service, and the audit answers",
    async ({ againstFake }) => {
      const account = fakeAccount({
        backups: [
          {
            id: `${"e".repeat(32)}:dbnor00000001:pod-0`,
            service_id: "dbnor00000001",
            type: "full",
            status: "Succeeded",
            start_time: "2026-11-26T02:00:00Z",
            end_time: "2026-11-26T02:10:00Z",
            point_in_time: "2026-11-26 02:09:00",
          },
        ],
      });
      const fake = await againstFake(
        (req, res) =>
          req.url?.startsWith("/skybackup/v1/restores")
            ? json(res, 404, { detail: "not found" })
            : account(req, res),
        { now: () => NOW },
      );
      const result = await fake.call("audit_backups");
      expect(result.isError).toBeFalsy();
      const r = structured<AuditReport>(result);
      expect(r.services[0]?.controls.restore_proven).toBe("unknown");
      expect(r.notes?.[0]).toContain("-> 404");
      // A 404 is an answer, not a hiccup: asked once per target, not retried.
      expect(fake.seen.filter((s) => s.startsWith("GET /skybackup/v1/restores"))).toHaveLength(1);
    },
  );
});
