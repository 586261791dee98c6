/**
 * Backups that succeeded but cannot be trusted, over MCP against a
 * hand-built upstream (not the emulator) with a fixed clock: a 0-byte full,
 * a full 90% under its median, dumps and snapshots never compared with each
 * other, a week of 3.5x growth, and a healthy service whose sizes move
 * ±15% a day staying quiet. plan_restore passes over the suspect full and
 * says why; the audit's restorable point is the same one.
 */
import { describe, expect, it } from "vitest";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { structured, textOf } from "../../helpers/harness.js";
import {
  GB,
  GROWING,
  HEALTHY,
  MIXED,
  NOW,
  SHRUNK,
  SIZE_ACCOUNT,
  ZERO,
  zeroFulls,
} from "../../helpers/size-accounts.js";
import type {
  AuditFinding,
  AuditReport as BaseReport,
  AuditServiceSummary,
} from "../../helpers/audit-report.js";

type AuditReport = Omit<BaseReport, "findings" | "services"> & {
  findings: (AuditFinding & { figures?: Record<string, unknown> })[];
  services: (AuditServiceSummary & { last_restorable?: { time: string; base_id: string } })[];
  suspect_shrink_percent: number;
  growth_factor: number;
};

async function audit(args: Record<string, unknown> = {}) {
  const result = await callAgainstFake(fakeAccount(SIZE_ACCOUNT), "audit_backups", args, {
    now: () => new Date(NOW),
  });
  return { report: structured<AuditReport>(result), text: textOf(result) };
}

const ofKinds = (r: AuditReport, ...kinds: string[]) =>
  r.findings.filter((f) => kinds.includes(f.kind));
const sizeFindings = (r: AuditReport) => ofKinds(r, "suspect_base", "runaway_growth");

describe("audit_backups: bases that succeeded but cannot be trusted", () => {
  it("names a 0-byte full and a full 90% under its median, with the figures, and no other service", async () => {
    const { report, text } = await audit();
    const suspects = ofKinds(report, "suspect_base");
    expect(suspects.map((f) => [f.service_id, f.severity])).toEqual([
      [SHRUNK, "warning"],
      [ZERO, "warning"],
    ]);
    const zero = suspects.find((f) => f.service_id === ZERO);
    expect(zero?.figures).toEqual({
      backup_id: zeroFulls.at(-1)?.id,
      type: "full",
      point_in_time: "2026-11-26T02:01:00Z",
      bytes: 0,
      size_field: "backup_size",
      // The 7 fulls before it: 8.7, 11.2, 9.5, 11.5, 8.5, 10.8, 9 GB.
      median_bytes: 9.5 * GB,
      median_of: 7,
    });
    expect(zero?.message).toBe(
      "full of 2026-11-26 02:01 UTC is 0 B against a median of 9.5 GB (7 before it); restores skip it; check it (list_service_backups).",
    );
    const shrunk = suspects.find((f) => f.service_id === SHRUNK);
    expect(shrunk?.figures).toMatchObject({
      bytes: 0.95 * GB,
      median_bytes: 9.5 * GB,
      median_of: 7,
    });
    expect(shrunk?.message).toContain(
      "full of 2026-11-26 02:01 UTC is 950 MB, 90% under the median of 9.5 GB (7 before it);",
    );
    const lines = text.split("\n");
    const under = lines.slice(lines.findIndex((l) => l.startsWith(`${ZERO} `)) + 1);
    expect(under.find((l) => l.startsWith("- warning suspect_base: "))).toBe(
      "- warning suspect_base: full of Nov 26 02:01 is 0 B against a median of 9.5 GB (7 before it); restores skip it; check it (list_service_backups).",
    );
    expect(report.suspect_shrink_percent).toBe(80);
  });

  it("compares dumps with dumps and snapshots with snapshots: neither trips the other", async () => {
    const { report } = await audit({ service_id: MIXED });
    expect(sizeFindings(report)).toEqual([]);
  });

  it("a healthy service whose sizes move ±15% a day stays quiet", async () => {
    const { report } = await audit({ service_id: HEALTHY });
    expect(sizeFindings(report)).toEqual([]);
  });

  it("reports a week of 3.5x growth as info, with the figures", async () => {
    const { report } = await audit({ service_id: GROWING });
    const growth = ofKinds(report, "runaway_growth");
    expect(growth).toHaveLength(1);
    expect(growth[0]).toMatchObject({
      severity: "info",
      from: "2026-11-19T02:01:00Z",
      to: "2026-11-26T02:01:00Z",
      figures: { type: "full", from_bytes: GB, to_bytes: 3.5 * GB, factor: 3.5 },
    });
    expect(growth[0]?.message).toBe(
      "full backups grew 3.5x in a week: 1 GB on 2026-11-19 02:01 UTC to 3.5 GB on 2026-11-26 02:01 UTC; storage and restore disk grow with it, check what grew.",
    );
  });

  it("takes its thresholds as arguments: suspect_shrink_percent and growth_factor", async () => {
    const strict = await audit({ suspect_shrink_percent: 95, growth_factor: 4 });
    // 90% under no longer passes 95%; 0 bytes always does; 3.5x is under 4x.
    expect(ofKinds(strict.report, "suspect_base").map((f) => f.service_id)).toEqual([ZERO]);
    expect(ofKinds(strict.report, "runaway_growth")).toEqual([]);
    expect(strict.report).toMatchObject({ suspect_shrink_percent: 95, growth_factor: 4 });
    // The healthy service's 15%-under day trips a 10% rule: the argument is what decides.
    const loose = await audit({
      service_id: HEALTHY,
      suspect_shrink_percent: 10,
      growth_factor: 2,
    });
    expect(ofKinds(loose.report, "suspect_base")).toHaveLength(1);
  });
});
