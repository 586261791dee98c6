/**
 * An audit of some services reads restores into those services only (the
 * API lists restores by target): a drill into a scratch service outside the
 * audit is not seen, so the audit must not claim "no restore on record".
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { AuditReport } from "../../helpers/audit-report.js";
import { testWithHarness } from "../../helpers/fixtures.js";
import { structured, type Harness } from "../../helpers/harness.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const S = SCENARIOS;
const it = testWithHarness({ now: () => NOW });

async function audit(h: Harness, args: Record<string, unknown> = {}) {
  const result = await h.call("audit_backups", args);
  return { report: structured<AuditReport>(result) };
}
const drillFinding = (r: AuditReport, id: string) =>
  r.findings.find((f) => f.service_id === id && f.kind === "restore_unproven");

describe("restore_proven in an audit of some services", () => {
  it("orders-prod alone: its drill into scratch-restore is not read, and the finding says only what was read", async ({
    h,
  }) => {
    const drilled = h.emulator.state.restores
      .forTarget(S.restoreTarget)
      .some((r) => r.backupId.includes(S.healthy));
    expect(drilled).toBe(true);
    const { report } = await audit(h, { service_id: S.healthy });
    const message = drillFinding(report, S.healthy)?.message ?? "";
    expect(message).toContain("No restore from its backups into the audited services");
    expect(message).toContain("restores into other services were not read");
    expect(message).not.toContain("on record");
    // Nor does any other finding or note of the report.
    expect(JSON.stringify(report)).not.toContain("on record");
  });

  it("the whole account: a service nothing was ever restored from is 'no restore on record'", async ({
    h,
  }) => {
    const { report } = await audit(h);
    const never = report.findings.filter(
      (f) => f.kind === "restore_unproven" && (f.count ?? 0) === 0,
    );
    expect(never.length).toBeGreaterThan(0);
    for (const f of never) expect(f.message).toMatch(/^No restore from its backups on record;/);
  });
});
