/**
 * The audit's text view on reports built to break its shortcuts: "all but X"
 * names the proven services only when every other one is unproven, and a
 * window across midnight is written in one form.
 */
import { describe, expect, it } from "vitest";
import { auditText } from "../../../src/audit/text.js";
import { CONTROLS, type AuditReport, type ServiceSummary } from "../../../src/audit/types.js";

const NOW = "2026-11-26T12:00:00Z";

function service(id: string, restoreProven: "pass" | "fail" | "not_applicable"): ServiceSummary {
  const controls = Object.fromEntries(
    CONTROLS.map((c) => [c, "pass"]),
  ) as ServiceSummary["controls"];
  controls.restore_proven = restoreProven;
  return {
    service_id: id,
    status: restoreProven === "fail" ? "warning" : "ok",
    controls,
    backups_total: 1,
    window: { backups: 1, by_status: { succeeded: 1 }, by_type: { full: 1 }, storage_bytes: 1 },
  };
}

function report(services: ServiceSummary[], extra: AuditReport["findings"] = []): AuditReport {
  const unproven = services
    .filter((s) => s.controls.restore_proven === "fail")
    .map((s) => ({
      severity: "info" as const,
      service_id: s.service_id,
      kind: "restore_unproven" as const,
      message: "No restore from its backups on record; drill one.",
    }));
  return {
    verdict: "warning",
    generated_at: NOW,
    max_age_hours: 26,
    lookback_days: 7,
    max_full_age_days: 7,
    restore_drill_days: 30,
    restore_drill_required: false,
    suspect_shrink_percent: 80,
    growth_factor: 3,
    backups_scanned: services.length,
    counts: { critical: 0, warning: extra.length, info: unproven.length },
    findings: [...extra, ...unproven],
    services,
  };
}

const lastLine = (r: AuditReport) => auditText(r).split("\n").at(-1) ?? "";

describe("auditText", () => {
  it('says "all but" the proven service when every other one is unproven', () => {
    const r = report(
      [..."abcd"].map((x) => service(`db${x}`, "fail")).concat(service("dbok", "pass")),
    );
    expect(lastLine(r)).toContain("on all but dbok (none on record: the other 4)");
  });

  it("does not, when a service the control does not apply to would pass for proven", () => {
    const r = report(
      [..."abcd"].map((x) => service(`db${x}`, "fail")).concat(service("dbnew", "not_applicable")),
    );
    expect(lastLine(r)).not.toContain("all but");
    expect(lastLine(r)).toContain("on 4 of 5 services (none on record: dba, dbb, dbc, dbd)");
  });

  it("writes a window across midnight in one form, without the year, under one 'times UTC'", () => {
    const gap = {
      severity: "warning" as const,
      service_id: "dba",
      kind: "binlog_gap" as const,
      message:
        "Binary-log gap 2026-11-24 22:00 – 2026-11-25 02:00 UTC: no point-in-time restore into it.",
    };
    const text = auditText(report([service("dba", "pass")], [gap]));
    expect(text.split("\n")[0]).toMatch(/ · times UTC$/);
    expect(text).toContain("- warning binlog_gap: Binary-log gap Nov 24 22:00 – Nov 25 02:00: no");
    expect(text).not.toMatch(/2026-| UTC:/);
  });
});
