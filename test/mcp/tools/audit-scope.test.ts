/**
 * Under --services the audit's unknown_service hint must never name a
 * service outside the scope, nor read the whole account to find one, even
 * when the API ignores the service_id filter and answers with everything.
 */
import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../helpers/audit-report.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { structured } from "../../helpers/harness.js";

const BACKUPS = [
  {
    id: "a1",
    service_id: "dbmine0000001",
    service_name: "orders-main",
    type: "full",
    status: "Succeeded",
    start_time: "2026-11-20T10:00:00Z",
  },
  {
    id: "b1",
    service_id: "dbsecret00001",
    service_name: "payroll-prod",
    type: "full",
    status: "Succeeded",
    start_time: "2026-11-20T11:00:00Z",
  },
];

async function auditUnder(scope: string[], serviceId: string) {
  // Ignores service_id: every answer holds the whole account.
  const account = fakeAccount({ backups: BACKUPS });
  const result = await callAgainstFake(
    account,
    "audit_backups",
    { service_id: serviceId },
    { scope },
  );
  const backupQueries = result.seen
    .map((line) => new URL(line.split(" ")[1] ?? "/", "http://fake"))
    .filter((url) => !url.pathname.endsWith("/schedules"))
    .map((url) => url.searchParams);
  const report = structured<AuditReport>(result);
  return {
    findings: report.findings,
    text: JSON.stringify(result.content),
    structuredText: JSON.stringify(result.structuredContent),
    backupQueries,
  };
}

describe("audit_backups unknown ids under --services", () => {
  it("never suggests, nor reads, a service outside the scope", async () => {
    const { findings, text, structuredText, backupQueries } = await auditUnder(
      ["dbmine0000001", "payroll-prod"],
      "payroll-prod",
    );
    expect(findings.map((f) => [f.service_id, f.kind, f.suggested_id])).toEqual([
      ["payroll-prod", "unknown_service", undefined],
    ]);
    expect(text).not.toContain("dbsecret00001");
    expect(structuredText).not.toContain("dbsecret00001");
    // Every backups read names an allowed service: none lists the whole account.
    expect(backupQueries.map((q) => q.get("service_id"))).toEqual(
      expect.arrayContaining(["payroll-prod", "dbmine0000001"]),
    );
    expect(backupQueries.every((q) => q.get("service_id") !== null)).toBe(true);
  });

  it("still suggests an allowed service whose name was given as the id", async () => {
    const { findings } = await auditUnder(["dbmine0000001", "orders-main"], "orders-main");
    expect(findings.map((f) => [f.service_id, f.kind, f.suggested_id])).toEqual([
      ["orders-main", "unknown_service", "dbmine0000001"],
    ]);
  });
});
