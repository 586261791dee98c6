/**
 * The audit as text for a model: the verdict on the first line, then one
 * line per finding grouped by severity, then one compact line per service.
 * Kept to a few hundred tokens; the details live in structuredContent.
 */
import { ageText, formatBytes, withCommas } from "../util/format.js";
import { DAY_MS } from "../util/time.js";
import type { AuditReport, Finding, ServiceSummary, Severity } from "./types.js";
import { quoted } from "../util/untrusted-text.js";

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

export function auditText(report: AuditReport): string {
  const lines = [headline(report)];
  const groups: [Severity, string][] = [
    ["critical", "Critical"],
    ["warning", "Warnings"],
    ["info", "Info"],
  ];
  for (const [severity, title] of groups) {
    const mine = report.findings.filter((f) => f.severity === severity);
    if (mine.length > 0) lines.push(`${title}:`, ...findingLines(mine, report));
  }
  for (const note of report.notes ?? []) lines.push(`Note: ${note}.`);
  if (report.services.length > 0) {
    lines.push(`Services (restorable to · ${report.lookback_days}d backups · stored):`);
    lines.push(...report.services.map(serviceLine));
  }
  return lines.join("\n");
}

function headline(r: AuditReport): string {
  const tail = `${withCommas(r.backups_scanned)} backups scanned · RPO ${r.max_age_hours}h · last ${r.lookback_days}d`;
  const total = r.services.length;
  if (r.verdict === "ok") {
    const info = r.counts.info > 0 ? ` (${r.counts.info} info)` : "";
    return `OK: ${plural(total, "service")} within targets${info} · ${tail}`;
  }
  const attention = r.services.filter((s) => s.status !== "ok").length;
  const counts = [`${r.counts.critical} critical`, plural(r.counts.warning, "warning")];
  if (r.counts.info > 0) counts.push(`${r.counts.info} info`);
  return `${r.verdict.toUpperCase()}: ${attention} of ${total} services need attention (${counts.join(", ")}) · ${tail}`;
}

function findingLine(f: Finding): string {
  return `- ${f.service_id} ${f.kind}: ${f.message}`;
}

/**
 * restore_unproven lines say nearly the same thing for every service: one
 * line names them all, each with how it stands; the full sentences stay in
 * the structured findings.
 */
function findingLines(findings: readonly Finding[], report: AuditReport): string[] {
  const unproven = findings.filter((f) => f.kind === "restore_unproven");
  if (unproven.length < 2) return findings.map(findingLine);
  const now = Date.parse(report.generated_at);
  // Grouped by how each stands, so "none on record" is said once for all it is true of.
  const groups = new Map<string, string[]>();
  for (const f of unproven) {
    const state = drillState(f, now);
    groups.set(state, [...(groups.get(state) ?? []), f.service_id]);
  }
  const each = [...groups].map(([state, ids]) => `${state}: ${ids.join(", ")}`).join("; ");
  return [
    ...findings.filter((f) => f.kind !== "restore_unproven").map(findingLine),
    `- restore_unproven: no restore proven in ${report.restore_drill_days} days (${each}); drill one into a scratch service (plan_restore target_service_id).`,
  ];
}

function drillState(f: Finding, nowMs: number): string {
  const since = f.since === undefined ? undefined : Date.parse(f.since);
  if (since !== undefined && Number.isFinite(since)) {
    return `last ${Math.floor((nowMs - since) / DAY_MS)} days ago`;
  }
  return (f.count ?? 0) > 0 ? "only failed ones" : "none on record";
}
function serviceLine(s: ServiceSummary): string {
  if (s.known === false) return `- ${s.service_id} ${s.status.toUpperCase()} · unknown id`;
  const name = s.service_name ? ` ${quoted(s.service_name)}` : "";
  // The point a restore reaches, not the newest record: the two differ exactly when it matters.
  const last = s.last_restorable
    ? `${ageText(s.last_restorable.age_hours)} ago`
    : s.last_success
      ? "no restorable point"
      : "never succeeded";
  const w = s.window;
  const counts = [w.backups === 0 ? "none" : `${w.by_status.succeeded ?? 0} ok`];
  if (w.by_status.failed) counts.push(`${w.by_status.failed} failed`);
  if (w.by_status.running) counts.push(`${w.by_status.running} running`);
  const schedules = scheduleText(s);
  return `- ${s.service_id}${name} ${s.status.toUpperCase()} · ${last} · ${counts.join(", ")} · ${formatBytes(w.storage_bytes)}${schedules ? ` · ${schedules}` : ""}`;
}

/** Only what needs a look: schedules unread, none, or some suspended (the count is in structuredContent). */
function scheduleText(s: ServiceSummary): string | undefined {
  const sch = s.schedules;
  if (sch === undefined) return "schedules not read";
  if (sch.count === 0) return "no schedules";
  if (sch.suspended === 0) return undefined;
  return `${plural(sch.count, "schedule")} (${sch.suspended} suspended)`;
}
