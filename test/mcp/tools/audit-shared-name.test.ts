/**
 * Issue 17, "Audit by name": audit_backups given a name that several services
 * share lists every one of their ids, as the other tools do, and neither
 * audits one of them in its place nor offers just one. A unique name, a
 * real id and an unknown name keep their answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../helpers/audit-report.js";
import { backup, HOUR, NOW } from "../../helpers/backups.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { connectToFake, type FakeConnection } from "../../helpers/fake-client.js";
import { structured, textOf } from "../../helpers/harness.js";

const AWS = "dbaaa00000001";
const GCP = "dbbbb00000002";
const BILLING = "dbccc00000003";

/** Two services named orders-prod (one per cloud), one named billing, each backed up hourly. */
const SERVICES = [
  { id: AWS, name: "orders-prod", cloud: "aws" },
  { id: GCP, name: "orders-prod", cloud: "gcp" },
  { id: BILLING, name: "billing", cloud: "aws" },
];
const BACKUPS = SERVICES.flatMap(({ id, name, cloud }) =>
  [3, 2, 1].map((hoursAgo) => ({
    ...backup({ service: id, at: NOW - hoursAgo * HOUR }),
    service_name: name,
    cloud_provider: cloud,
  })),
);
const SCHEDULES = SERVICES.map(({ id, name }, i) => ({
  id: i + 1,
  service_id: id,
  service_name: name,
  type: "full",
  schedule: "0 * * * *",
  status: "Active",
  created_at: "2026-01-01T00:00:00Z",
}));

type Finding = AuditReport["findings"][number] & { matching_ids?: string[] };

async function audit(connection: FakeConnection, args: Record<string, unknown>) {
  const result = await connection.call("audit_backups", args);
  expect(result.isError, textOf(result)).toBeFalsy();
  const report = structured<AuditReport>(result);
  return { report, findings: report.findings as Finding[], text: textOf(result) };
}

const known = (report: AuditReport) =>
  report.services.map((s) => [s.service_id, s.known !== false]).sort();

describe("audit_backups by a service name", () => {
  let connection: FakeConnection;
  // The API as documented: a service_id query answers with that service's records only.
  beforeAll(async () => {
    const account = fakeAccount({
      backups: BACKUPS,
      schedules: SCHEDULES,
      honourServiceFilter: true,
    });
    connection = await connectToFake(account, { now: () => new Date(NOW) });
  });
  afterAll(() => connection.close());

  it("a name two services share lists both ids and audits neither", async () => {
    const before = connection.seen.length;
    const { report, findings, text } = await audit(connection, { service_id: "Orders-Prod" });
    const [finding] = findings;
    expect(findings).toHaveLength(1);
    expect(finding).toMatchObject({
      severity: "critical",
      service_id: "Orders-Prod",
      kind: "unknown_service",
    });
    expect([...(finding?.matching_ids ?? [])].sort()).toEqual([AWS, GCP]);
    // Offering one id would let an agent audit a service the caller may not have meant.
    expect(finding?.suggested_id).toBeUndefined();
    expect(finding?.message).toMatch(
      /^Orders-Prod is not an id but the name of 2 services: dbaaa00000001, dbbbb00000002; audit one of those ids, or all of them with service_ids/,
    );
    expect(finding?.message).not.toContain("no backups or schedules are known");
    // The other service is not named anywhere.
    expect(text).not.toContain(BILLING);
    expect(JSON.stringify(report)).not.toContain(BILLING);
    expect(report.verdict).toBe("critical");
    expect(known(report)).toEqual([["Orders-Prod", false]]);
    // Neither match was read as the audited service: no schedules or restores of theirs.
    const reads = connection.seen
      .slice(before)
      .map((line) => new URL(line.split(" ")[1] ?? "/", "http://fake"));
    for (const url of reads.filter((u) => !u.pathname.endsWith("/backups"))) {
      expect([AWS, GCP]).not.toContain(url.searchParams.get("service_id"));
    }
  });

  it("the listed ids, passed back as service_ids, audit both services", async () => {
    const { report, findings } = await audit(connection, { service_ids: [AWS, GCP] });
    expect(findings.filter((f) => f.kind === "unknown_service")).toEqual([]);
    expect(known(report)).toEqual([
      [AWS, true],
      [GCP, true],
    ]);
  });

  it("a unique name keeps its answer: that one id, suggested", async () => {
    const { findings } = await audit(connection, { service_id: "billing" });
    expect(findings).toEqual([
      {
        severity: "critical",
        service_id: "billing",
        kind: "unknown_service",
        message: `no backups or schedules are known for billing: check the id; list_services shows the known ones; billing is the name of service ${BILLING}, audit that id.`,
        suggested_id: BILLING,
      },
    ]);
  });

  it("a service id still audits that service", async () => {
    const { report, findings } = await audit(connection, { service_id: BILLING });
    expect(findings.filter((f) => f.kind === "unknown_service")).toEqual([]);
    expect(known(report)).toEqual([[BILLING, true]]);
    expect(report.services[0]?.controls.rpo).toBe("pass");
  });

  it("an unknown name keeps its plain error", async () => {
    const { findings } = await audit(connection, { service_id: "no-such-db" });
    expect(findings).toEqual([
      {
        severity: "critical",
        service_id: "no-such-db",
        kind: "unknown_service",
        message:
          "no backups or schedules are known for no-such-db: check the id; list_services shows the known ones.",
      },
    ]);
  });
});

describe("audit_backups by a shared name under --services", () => {
  it("names only the matches inside the scope", async () => {
    const account = fakeAccount({
      backups: BACKUPS,
      schedules: SCHEDULES,
      honourServiceFilter: true,
    });
    const connection = await connectToFake(account, {
      now: () => new Date(NOW),
      scope: [AWS, "orders-prod"],
    });
    try {
      const { report, findings, text } = await audit(connection, { service_id: "orders-prod" });
      expect(findings.map((f) => [f.kind, f.suggested_id, f.matching_ids])).toEqual([
        ["unknown_service", AWS, undefined],
      ]);
      expect(text).not.toContain(GCP);
      expect(JSON.stringify(report)).not.toContain(GCP);
    } finally {
      await connection.close();
    }
  });
});
