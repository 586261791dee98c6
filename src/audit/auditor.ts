/**
 * The audit engine: a streaming accumulator with no knowledge of MCP or
 * HTTP. Feed it backups in any order and in any number of batches, then
 * each service's schedules, then ask for the report. The clock is passed
 * in, so the same input always gives the same report.
 */
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import type { Backup, Schedule, Restore } from "../api/records.js";
import { evaluateService, type ServiceContext } from "./controls.js";
import { RestoreHistory } from "./findings.js";
import { ServiceTally } from "./service-tally.js";
import {
  DEFAULT_RESTORE_DRILL_DAYS,
  type AuditOptions,
  type AuditReport,
  type Finding,
  type Severity,
  type Verdict,
  type ControlResults,
  type NextRun,
  type ServiceSummary,
} from "./types.js";
import { nextRuns } from "../cron/fires.js";
import { readAccount, findServicesNamed, restoreKey, restorePages } from "../paging/account.js";
import { fetchAllPages, type ProgressSink, type Limiter } from "../paging/fetch-all.js";
import { DEFAULT_SIZE_RULES, type SizeRules } from "../recovery/model.js";
import type { ServiceScope } from "../safety/scope.js";
import { isoSeconds } from "../util/format.js";
import { invalidApiIdText } from "../util/ids.js";
import { ascending } from "../util/sorted.js";
import { DAY_MS, hoursBetween } from "../util/time.js";

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
  // Requested id -> the ids of the services it names (found by suggestIds).
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

/** One service's summary for structuredContent: the numbers behind its findings. */
const NEXT_RUNS = 3;

interface Outcome {
  status: Verdict;
  controls: ControlResults;
  known: boolean;
}

function serviceSummary(t: ServiceTally, outcome: Outcome, now: Date): ServiceSummary {
  const w = t.window;
  const last = t.lastSuccess;
  const point = t.newestRestorable;
  return {
    service_id: t.serviceId,
    ...(t.name !== undefined && { service_name: t.name }),
    status: outcome.status,
    ...(!outcome.known && { known: false as const }),
    controls: outcome.controls,
    backups_total: t.total,
    ...(last && {
      last_success: {
        time: isoSeconds(last.at),
        type: last.type,
        age_hours: hoursBetween(last.at, now.getTime()),
        ...(last.id !== undefined && { id: last.id }),
      },
    }),
    ...(point && {
      last_restorable: {
        time: isoSeconds(point.at),
        age_hours: hoursBetween(point.at, now.getTime()),
        base_type: point.start.base.type,
        base_id: point.start.base.id,
      },
    }),
    window: {
      backups: w.backups,
      by_status: Object.fromEntries(w.byStatus),
      by_type: Object.fromEntries(w.byType),
      storage_bytes: w.storage,
    },
    ...(t.schedules && {
      schedules: {
        count: t.schedules.length,
        suspended: t.schedules.filter((s) => s.suspended).length,
        next_runs: upcoming(t, now),
      },
    }),
  };
}

/** The next few runs across the service's active schedules, soonest first. */
function upcoming(t: ServiceTally, now: Date): NextRun[] {
  const runs: NextRun[] = [];
  for (const s of t.schedules ?? []) {
    if (s.suspended || s.schedule === "") continue;
    for (const time of nextRuns(s.schedule, now, NEXT_RUNS)) {
      runs.push({ time, type: s.type, ...(s.id !== undefined && { schedule_id: s.id }) });
    }
  }
  return runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).slice(0, NEXT_RUNS);
}

/**
 * Feeds the auditor from the API (readAccount: every page of backups, and
 * each audited service's schedules and restores as a target, started the
 * moment the service's id is known), and for a requested id the API knows
 * nothing about, looks for the services of that name to name their ids
 * (every one, when several share it).
 */
export interface CollectOptions extends AuditOptions {
  api: Pick<BackupsApi, "listBackups" | "listSchedules" | "listRestores">;
  signal: AbortSignal;
  progress?: ProgressSink;
  /** The server's --services scope: a suggested id never lies outside it. */
  scope: Pick<ServiceScope, "services" | "allows">;
}

export async function collectAudit(options: CollectOptions): Promise<AuditReport> {
  const auditor = createAuditor(options);
  const only = options.services ? new Set(options.services) : undefined;
  const restoreReads = new Map<string, RestoreRead>();
  await readAccount({
    api: options.api,
    signal: options.signal,
    ...(options.progress && { progress: options.progress }),
    ...(options.services && { services: options.services }),
    onBackups: (items) => auditor.add(items),
    scheduleIds: () => auditor.serviceIds(),
    onSchedules: (id, items) => auditor.addSchedules(id, items),
    // Ids come from the API's backups: one that fails the id rules is reported, not sent.
    onUnsendableId: (id) => auditor.unsendable(id),
    // The services the auditor keeps: their schedules and restores start as soon as each is seen.
    startEarly: (id) => only === undefined || only.has(id),
    // Every audited service is a possible restore target (the scratch one too, when audited).
    alsoPerService: async (id, read) => {
      restoreReads.set(id, await readRestores(options.api, id, read));
    },
  });
  await suggestIds(options, auditor);
  // A requested id the API knows nothing of is no target: what its restore list said is dropped.
  const unknown = new Set(auditor.unknownIds());
  for (const id of auditor.serviceIds()) {
    if (!unknown.has(id)) giveRestores(auditor, id, restoreReads.get(id));
  }
  if (options.services) {
    auditor.restoresPartial(
      "restores were listed with the audited services as targets only; a drill into another (scratch) service counts when that service is audited too",
    );
  }
  return auditor.finish();
}

/** Best effort: the audit still answers if the lookup fails. */
async function suggestIds(options: CollectOptions, auditor: Auditor): Promise<void> {
  try {
    for (const id of auditor.unknownIds()) {
      const matches = await findServicesNamed(id, options);
      if (matches.length > 0) auditor.suggest(id, matches);
    }
  } catch {
    options.signal.throwIfAborted();
  }
}

/**
 * The restore history for restore_proven: every page of the restores of one
 * audited service as a TARGET (the API lists restores by target only), read
 * on the audit's shared limiter as soon as the service is known, and handed
 * to the auditor, which credits each to its source. A target whose list
 * fails (an API without the restore endpoints answers 404 or 405), or whose
 * id fails the id rules and is never sent, is marked unread, and the audit
 * goes on without it.
 */
const UNSENDABLE = "a service id from the API is not a valid service id, so it was not sent";
const PAGE_SIZE = 100;

/** What one target's restore list gave: its restores, or why it could not be read. */
type RestoreRead = { restores: Restore[] } | { unread: string };

/** Never rejects for the API's sake: a failed list is an unread target, not a failed audit. */
async function readRestores(
  api: Pick<BackupsApi, "listRestores">,
  target: string,
  read: { limiter: Limiter; signal: AbortSignal },
): Promise<RestoreRead> {
  const found: Restore[] = [];
  try {
    await fetchAllPages(restorePages(api, target), {
      limiter: read.limiter,
      signal: read.signal,
      pageSize: PAGE_SIZE,
      idOf: restoreKey,
      onPage: (items) => found.push(...items),
    });
    return { restores: found };
  } catch (error) {
    read.signal.throwIfAborted();
    return { unread: reasonOf(error) };
  }
}

/** Hands one target's restores to the auditor; a target never read had an id that was not sent. */
function giveRestores(
  auditor: Pick<Auditor, "addRestores" | "restoresUnread">,
  target: string,
  read: RestoreRead | undefined,
): void {
  if (read === undefined) auditor.restoresUnread(target, UNSENDABLE);
  else if ("unread" in read) auditor.restoresUnread(target, read.unread);
  else auditor.addRestores(target, read.restores);
}

/** "GET /skybackup/v1/restores -> 404": the request and its outcome, never a body or a header. */
function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return "unreadable answer";
  return `${error.method} ${error.path.split("?")[0] ?? ""} -> ${error.status ?? error.kind}`;
}
