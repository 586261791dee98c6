/**
 * The audit engine: a streaming accumulator with no knowledge of MCP or
 * HTTP. Feed it backups in any order and in any number of batches, then
 * each service's schedules, then ask for the report. The clock is passed
 * in, so the same input always gives the same report.
 */
import type { Backup, Schedule, Restore } from "../api/records.js";
import { DAY_MS } from "../util/time.js";
import { isoSeconds } from "../util/format.js";
import { ascending } from "../util/sorted.js";
import { invalidApiIdText } from "../util/ids.js";
import { evaluateService, type ServiceContext } from "./controls.js";
import { RestoreHistory } from "./restore-proof.js";
import { ServiceTally } from "./service-tally.js";
import { DEFAULT_SIZE_RULES, type SizeRules } from "../restore/suspect.js";
import { serviceSummary } from "./summary.js";
import {
  DEFAULT_RESTORE_DRILL_DAYS,
  type AuditOptions,
  type AuditReport,
  type Finding,
  type Severity,
  type Verdict,
} from "./types.js";

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const VERDICT_RANK: Record<Verdict, number> = { critical: 0, warning: 1, ok: 2 };

export interface Auditor {
  add(backups: Iterable<Backup>): void;
  addSchedules(serviceId: string, schedules: Iterable<Schedule>): void;
  /** The restores listed with a service as their TARGET (restore_proven credits each to its source). */
  addRestores(targetId: string, restores: Iterable<Restore>): void;
  /** A target whose restores could not be listed: restore_proven may be unknown. */
  restoresUnread(targetId: string, reason: string): void;
  /**
   * A service id from the API that fails the id rules, so its schedules and
   * restores were not read: a warning, never a silent pass.
   */
  unsendable(serviceId: string): void;
  /** Restores were listed for some services only: said when a service is unproven. */
  restoresPartial(note: string): void;
  /** For a requested id that is really a service's name: the ids of the services so named. */
  suggest(unknownId: string, serviceIds: readonly string[]): void;
  /** Requested ids the API knows nothing about (no backups; schedules empty or unread). */
  unknownIds(): string[];
  /** The services audited so far: the requested ones, or every one seen in a backup. */
  serviceIds(): string[];
  finish(): AuditReport;
}

export function createAuditor(options: AuditOptions): Auditor {
  const nowMs = options.now.getTime();
  const only = options.services ? new Set(options.services) : undefined;
  // Requested id -> the ids of the services it names (found by collect.ts).
  const suggested = new Map<string, readonly string[]>();
  const restores = new RestoreHistory();
  const drillDays = options.restoreDrillDays ?? DEFAULT_RESTORE_DRILL_DAYS;
  const ctx: ServiceContext = {
    nowMs,
    windowStart: nowMs - options.lookbackDays * DAY_MS,
    maxAgeHours: options.maxAgeHours,
    lookbackDays: options.lookbackDays,
    maxFullAgeDays: options.maxFullAgeDays,
    requested: (id) => only?.has(id) === true,
    idsForName: (name) => suggested.get(name) ?? [],
    restores,
    proof: { nowMs, days: drillDays, required: options.requireRestoreDrill === true },
  };
  const sizeRules: SizeRules = {
    shrinkPercent: options.suspectShrinkPercent ?? DEFAULT_SIZE_RULES.shrinkPercent,
    growthFactor: options.growthFactor ?? DEFAULT_SIZE_RULES.growthFactor,
  };
  const unsendable = new Set<string>();
  const tallies = new Map<string, ServiceTally>();
  const tally = (id: string): ServiceTally => {
    let t = tallies.get(id);
    if (t === undefined) {
      t = new ServiceTally(id, ctx.windowStart, nowMs, sizeRules);
      tallies.set(id, t);
    }
    return t;
  };
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
      if (only !== undefined && !only.has(serviceId)) return;
      tally(serviceId).addSchedules(schedules);
    },
    addRestores: (targetId, listed) => restores.add(targetId, listed),
    restoresUnread: (targetId, reason) => restores.unread(targetId, reason),
    unsendable(serviceId) {
      unsendable.add(serviceId);
    },
    restoresPartial: (note) => restores.onlySomeTargets(note),
    suggest(unknownId, serviceIds) {
      suggested.set(unknownId, serviceIds);
    },
    unknownIds: () =>
      [...tallies.values()]
        .filter((t) => only?.has(t.serviceId) && t.total === 0 && (t.schedules?.length ?? 0) === 0)
        .map((t) => t.serviceId),
    serviceIds: () => [...tallies.keys()],
    finish() {
      const findings: Finding[] = [];
      restores.attribute();
      const services = [...tallies.values()].map((t) => {
        const { findings: evaluated, controls, known } = evaluateService(t, ctx);
        const mine = unsendable.has(t.serviceId)
          ? [...evaluated, unsendableFinding(t.serviceId)]
          : evaluated;
        findings.push(...mine);
        return serviceSummary(t, { status: verdictOf(mine), controls, known }, options.now);
      });
      findings.sort(
        (a, b) => RANK[a.severity] - RANK[b.severity] || ascending(a.service_id, b.service_id),
      );
      services.sort(
        (a, b) =>
          VERDICT_RANK[a.status] - VERDICT_RANK[b.status] || ascending(a.service_id, b.service_id),
      );
      const counts = { critical: 0, warning: 0, info: 0 };
      for (const f of findings) counts[f.severity] += 1;
      const notes = restores.notes(tallies.size);
      return {
        verdict: verdictOf(findings),
        generated_at: isoSeconds(nowMs),
        max_age_hours: options.maxAgeHours,
        lookback_days: options.lookbackDays,
        max_full_age_days: options.maxFullAgeDays,
        restore_drill_days: drillDays,
        restore_drill_required: ctx.proof.required,
        suspect_shrink_percent: sizeRules.shrinkPercent,
        growth_factor: sizeRules.growthFactor,
        backups_scanned: scanned,
        counts,
        findings,
        services,
        ...(notes.length > 0 && { notes }),
      };
    },
  };
}

function unsendableFinding(serviceId: string): Finding {
  return {
    severity: "warning",
    service_id: serviceId,
    kind: "invalid_service_id",
    message: `${invalidApiIdText("service", serviceId)}, so it was not sent back: its schedules and restores were not read, and whether it is protected is unknown`,
  };
}

/** The worst finding decides; info alone is still "ok". */
function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === "critical")) return "critical";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return "ok";
}
