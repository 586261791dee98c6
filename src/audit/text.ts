/**
 * The audit as text for a model: the verdict on the first line, then one
 * line per service (worst first) with its findings under it, so a healthy
 * service costs one line and a service id is written once. Kept to about a
 * thousand tokens on the demo account; the details live in structuredContent.
 */
import { plural } from "../util/format.js";
import { ageText, formatBytes, withCommas } from "../util/format.js";
import { DAY_MS } from "../util/time.js";
import type { AuditReport, Finding, ServiceSummary } from "./types.js";
import { quoted } from "../util/untrusted-text.js";

export function auditText(report: AuditReport): string {
  const lines = [headline(report)];
  for (const note of report.notes ?? []) lines.push(`Note: ${note}.`);
  const unproven = report.findings.filter((f) => f.kind === "restore_unproven");
  // restore_unproven says nearly the same for every service: one line for all of them, unless one.
  const grouped = unproven.length > 1;
  const perService = report.findings.filter((f) => !(grouped && f.kind === "restore_unproven"));
  const listed = new Set(report.services.map((s) => s.service_id));
  const year = report.generated_at.slice(0, 4);
  if (report.services.length > 0) {
    lines.push(
      `Services (status · age of newest restorable point · ${report.lookback_days}d backups · stored) and findings:`,
    );
    for (const s of report.services) {
      lines.push(serviceLine(s));
      for (const f of perService)
        if (f.service_id === s.service_id) lines.push(findingLine(f, year));
    }
  }
  // Findings about an id that is not a listed service (an id the API sent malformed).
  for (const f of perService) {
    if (!listed.has(f.service_id))
      lines.push(`- ${f.service_id} ${f.severity} ${f.kind}: ${inText(f.message, year)}`);
  }
  if (grouped) lines.push(unprovenLine(unproven, report));
  return lines.join("\n");
}

function headline(r: AuditReport): string {
  const tail = `${withCommas(r.backups_scanned)} backups scanned · RPO ${r.max_age_hours}h · last ${r.lookback_days}d · times UTC`;
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

function findingLine(f: Finding, year: string): string {
  return `- ${f.severity} ${f.kind}: ${inText(f.message, year)}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** A message's "2026-12-04 00:00[–06:00] UTC", as utcMinutes and utcWindow write it (the first end of a window across midnight has no "UTC"). */
const STAMP = /\b(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})((?:\u2013\d{2}:\d{2})?)(?: UTC)?/g;

/**
 * structuredContent's messages stand alone, so each time there carries its
 * zone and year. Here the headline says "times UTC" once and a time of the
 * report's own year drops it ("Dec 4 00:00"): a date costs 11 tokens in
 * ISO form and 7 so, and the demo audit writes about twenty.
 */
function inText(message: string, year: string): string {
  return message.replace(STAMP, (_all, y: string, m: string, d: string, hm: string, to: string) => {
    const month = MONTHS[Number(m) - 1] ?? m;
    return `${month} ${Number(d)}${y === year ? "" : ` ${y}`} ${hm}${to}`;
  });
}

/**
 * Grouped by how each stands, so "none on record" is said once for all it is
 * true of. When the proven services are few, naming them identifies the
 * largest group, which is then "the other N" instead of a list of ids.
 */
function unprovenLine(unproven: readonly Finding[], report: AuditReport): string {
  const now = Date.parse(report.generated_at);
  const groups = new Map<string, string[]>();
  for (const f of unproven) {
    const state = drillState(f, now);
    groups.set(state, [...(groups.get(state) ?? []), f.service_id]);
  }
  const ids = new Set(unproven.map((f) => f.service_id));
  const known = report.services.filter((s) => s.known !== false);
  const proven = known.filter((s) => s.controls.restore_proven === "pass").map((s) => s.service_id);
  const entries = [...groups].sort((a, b) => b[1].length - a[1].length);
  const [largest] = entries;
  // "All but" only when the proven ones are every other service (none is not applicable).
  const compact =
    largest !== undefined &&
    largest[1].length > 2 &&
    proven.length <= 2 &&
    proven.length + ids.size === known.length;
  const scope =
    ids.size === known.length
      ? `all ${known.length} services`
      : compact
        ? `all but ${proven.join(", ")}`
        : `${ids.size} of ${known.length} services`;
  const parts = compact
    ? [
        ...entries.slice(1).map(([state, list]) => `${state}: ${list.join(", ")}`),
        `${largest[0]}: the other ${largest[1].length}`,
      ]
    : [...groups].map(([state, list]) => `${state}: ${list.join(", ")}`);
  const severity = unproven[0]?.severity ?? "info";
  return `- ${severity} restore_unproven: no restore proven in ${report.restore_drill_days} days on ${scope} (${parts.join("; ")}); drill one into a scratch service (plan_restore target_service_id).`;
}

function drillState(f: Finding, nowMs: number): string {
  const since = f.since === undefined ? undefined : Date.parse(f.since);
  if (since !== undefined && Number.isFinite(since)) {
    return `last ${Math.floor((nowMs - since) / DAY_MS)} days ago`;
  }
  return (f.count ?? 0) > 0 ? "only failed ones" : "none on record";
}

function serviceLine(s: ServiceSummary): string {
  if (s.known === false) return `${s.service_id} ${s.status.toUpperCase()} · unknown id`;
  const name = s.service_name ? ` ${quoted(s.service_name)}` : "";
  // The point a restore reaches, not the newest record: the two differ exactly when it matters.
  const last = s.last_restorable
    ? ageText(s.last_restorable.age_hours)
    : s.last_success
      ? "no restorable point"
      : "never succeeded";
  const w = s.window;
  const counts = [w.backups === 0 ? "none" : `${w.by_status.succeeded ?? 0} ok`];
  if (w.by_status.failed) counts.push(`${w.by_status.failed} failed`);
  if (w.by_status.running) counts.push(`${w.by_status.running} running`);
  const schedules = scheduleText(s);
  return `${s.service_id}${name} ${s.status.toUpperCase()} · ${last} · ${counts.join(", ")} · ${formatBytes(w.storage_bytes)}${schedules ? ` · ${schedules}` : ""}`;
}

/** Only what needs a look: schedules unread, none, or some suspended (the count is in structuredContent). */
function scheduleText(s: ServiceSummary): string | undefined {
  const sch = s.schedules;
  if (sch === undefined) return "schedules not read";
  if (sch.count === 0) return "no schedules";
  if (sch.suspended === 0) return undefined;
  return `${plural(sch.count, "schedule")} (${sch.suspended} suspended)`;
}
