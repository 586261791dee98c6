/**
 * The audit engine: a streaming accumulator with no knowledge of MCP or
 * HTTP. Feed it backups in any order and in any number of batches, then
 * each service's schedules, then ask for the report. The clock is passed
 * in, so the same input always gives the same report.
 */
import type { Backup, Schedule } from "../api/schemas.js";
import { isoSeconds } from "../util/time.js";
import { serviceFindings, type RuleContext } from "./findings.js";
import { ServiceTally } from "./service-tally.js";
import { serviceSummary } from "./summary.js";
import type { AuditOptions, AuditReport, Finding, Severity, Verdict } from "./types.js";

const DAY_MS = 86_400_000;
const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const VERDICT_RANK: Record<Verdict, number> = { critical: 0, warning: 1, ok: 2 };

export interface Auditor {
  add(backups: Iterable<Backup>): void;
  addSchedules(serviceId: string, schedules: Iterable<Schedule>): void;
  /** The services audited so far: the requested ones, or every one seen in a backup. */
  serviceIds(): string[];
  finish(): AuditReport;
}

export function createAuditor(options: AuditOptions): Auditor {
  const nowMs = options.now.getTime();
  const ctx: RuleContext = {
    nowMs,
    windowStart: nowMs - options.lookbackDays * DAY_MS,
    maxAgeHours: options.maxAgeHours,
    lookbackDays: options.lookbackDays,
  };
  const tallies = new Map<string, ServiceTally>();
  const tally = (id: string): ServiceTally => {
    let t = tallies.get(id);
    if (t === undefined) {
      t = new ServiceTally(id, ctx.windowStart, nowMs);
      tallies.set(id, t);
    }
    return t;
  };
  const only = options.services ? new Set(options.services) : undefined;
  for (const id of options.services ?? []) tally(id);
  let scanned = 0;

  return {
    add(backups) {
      for (const backup of backups) {
        scanned += 1;
        const id = typeof backup.service_id === "string" ? backup.service_id : "";
        // A backup naming no service cannot be attributed; it still counts as scanned.
        if (id === "" || (only !== undefined && !only.has(id))) continue;
        tally(id).add(backup);
      }
    },
    addSchedules(serviceId, schedules) {
      if (only === undefined || only.has(serviceId)) tally(serviceId).addSchedules(schedules);
    },
    serviceIds: () => [...tallies.keys()],
    finish() {
      const findings: Finding[] = [];
      const services = [...tallies.values()].map((t) => {
        const mine = serviceFindings(t, ctx);
        findings.push(...mine);
        return serviceSummary(t, verdictOf(mine), options.now);
      });
      findings.sort(
        (a, b) => RANK[a.severity] - RANK[b.severity] || a.service_id.localeCompare(b.service_id),
      );
      services.sort(
        (a, b) =>
          VERDICT_RANK[a.status] - VERDICT_RANK[b.status] ||
          a.service_id.localeCompare(b.service_id),
      );
      const counts = { critical: 0, warning: 0, info: 0 };
      for (const f of findings) counts[f.severity] += 1;
      return {
        verdict: verdictOf(findings),
        generated_at: isoSeconds(nowMs),
        max_age_hours: options.maxAgeHours,
        lookback_days: options.lookbackDays,
        backups_scanned: scanned,
        counts,
        findings,
        services,
      };
    },
  };
}

/** The worst finding decides; info alone is still "ok". */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === "critical")) return "critical";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return "ok";
}
