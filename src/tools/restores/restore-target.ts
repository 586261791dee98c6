/**
 * The target of a restore as the preview shows it and the token binds it:
 * its name, the restores it already has, and whether the API would take
 * this source into it. Anything that rules the restore out is refused here,
 * before the request that erases data.
 */
import { ApiError } from "../../api/errors.js";
import type { Restore } from "../../api/records.js";
import { parseApiTime } from "../../util/time.js";
import { utcSeconds } from "../../util/format.js";
import { ToolError } from "../../util/tool-error.js";
import type { ToolContext } from "../define.js";
import { requireKnownService } from "../known-service.js";
import { NOTHING, type ExternalArgs } from "./restore-input.js";
import { newestFirst } from "./restore-order.js";
import type { ServiceSource } from "./restore-source.js";
import { isFinished } from "./restore-text.js";
import type { ResolvedSource } from "./restore-preview.js";
import { isSendableId } from "../../util/ids.js";

/** The newest restores of the target the preview reads; a running one is among the newest. */
const RESTORES_READ = 20;

export interface TargetFacts {
  serviceId: string;
  serviceName?: string;
  cloud?: string;
  /** Its newest restores, id and status: the token is bound to them. */
  restores: { id: string; status: string }[];
  /** How many restores it has in all: a new one changes it even past the newest read. */
  restoreCount: number;
  running?: { id: string; status: string };
  /** It has a backup of its own; without one, requireKnownTarget says whether it exists. */
  hasBackups: boolean;
}

export interface Eligibility {
  eligible: boolean;
  /** One phrase: why it is (or is not) eligible. */
  why: string;
}

export async function readTarget(serviceId: string, ctx: ToolContext): Promise<TargetFacts> {
  const opts = { signal: ctx.signal };
  // One after the other: a failing API then gives one clear error from one request, whose
  // retries are not cut short by its sibling's failure ending the call.
  const newest = await ctx.api.listBackups(
    { service_id: serviceId, page: 1, page_size: 1, order: "desc" },
    opts,
  );
  const page = await ctx.api.listRestores(
    // Newest first, asked for and then checked: the API documents no default order.
    { service_id: serviceId, page: 1, page_size: RESTORES_READ, order: "desc" },
    opts,
  );
  const own = newest.backups.find((b) => b.service_id === serviceId);
  const mine = newestFirst(
    page.restores.filter((r) => r.service_id === undefined || r.service_id === serviceId),
  );
  const restores = mine.map((r) => ({ id: String(r.id ?? "?"), status: r.status ?? "unknown" }));
  // Fail closed: the API lists no statuses, so anything not known to be finished
  // (Running, Scheduled, Pending, a status never seen) may still be changing the target.
  const running = mine.find((r) => !isFinished(r));
  return {
    serviceId,
    serviceName: own?.service_name ?? nameFrom(page.restores, serviceId),
    cloud: typeof own?.cloud_provider === "string" ? own.cloud_provider : undefined,
    restores,
    restoreCount: Math.max(page.restores_count, page.restores.length),
    hasBackups: own !== undefined,
    ...(running !== undefined && {
      running: { id: String(running.id ?? "?"), status: running.status ?? "unknown" },
    }),
  };
}

const nameFrom = (restores: readonly Restore[], serviceId: string): string | undefined =>
  restores.find((r) => r.service_id === serviceId && typeof r.service_name === "string")
    ?.service_name;

/**
 * A target with no backup of its own is still a service when it has a
 * schedule, or when the API's restore lookup lists it for this source's base:
 * a service created minutes ago for a drill has neither backups nor schedules
 * yet, and is the usual target. Anything else is refused as unknown (a typo).
 */
export async function requireKnownTarget(
  target: TargetFacts,
  resolved: ResolvedSource,
  eligibility: Eligibility,
  ctx: ToolContext,
): Promise<void> {
  if (target.hasBackups) return;
  if (resolved.kind === "backup" && eligibility.eligible) return;
  if (resolved.kind === "pitr" && (await listedForBase(resolved.source, target, ctx))) return;
  await requireKnownService(target.serviceId, ctx, NOTHING);
}

/** A point in time is restored from its chain's base: does the lookup list the target for it? */
async function listedForBase(
  source: ServiceSource,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<boolean> {
  const base = source.chain[0]?.id;
  if (base === undefined || !isSendableId("backup", base)) return false;
  // An API without the lookup leaves the question to the traces, as before.
  const { services } = await ctx.api
    .lookupRestoreTargets({ backup_id: base, service_id: source.serviceId }, { signal: ctx.signal })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status !== undefined) return { services: [] };
      throw error;
    });
  const match = services.find((s) => s.service_id === target.serviceId);
  if (match === undefined) return false;
  target.serviceName ??= match.service_name;
  return true;
}

/** A managed backup: the API's own list of services it can go into. */
export async function backupEligibility(
  backupId: string,
  source: ServiceSource,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<Eligibility & { targetName?: string }> {
  const { services } = await ctx.api.lookupRestoreTargets(
    { backup_id: backupId, service_id: source.serviceId },
    { signal: ctx.signal },
  );
  const match = services.find((s) => s.service_id === target.serviceId);
  if (match !== undefined)
    return {
      eligible: true,
      why: "the API lists it as a target for this backup",
      targetName: match.service_name,
    };
  return {
    eligible: false,
    why: `the API does not list it among the ${services.length} services this backup can be restored into (same cloud provider${source.cloud ? `, ${source.cloud}` : ""}, not deleted)`,
  };
}

/** A point in time: the source's window from the API, and the same cloud on both sides. */
export function pitrEligibility(
  source: ServiceSource,
  target: TargetFacts,
  window: { startMs: number; endMs: number } | undefined,
): Eligibility {
  if (window === undefined)
    return {
      eligible: false,
      why: `the API lists no point-in-time window for ${source.serviceId}`,
    };
  const range = `${utcSeconds(window.startMs)} to ${utcSeconds(window.endMs)}`;
  if (source.pointMs < window.startMs || source.pointMs > window.endMs)
    return {
      eligible: false,
      why: `the point is outside ${source.serviceId}'s point-in-time window, ${range}`,
    };
  if (source.cloud !== undefined && target.cloud !== undefined && source.cloud !== target.cloud)
    return {
      eligible: false,
      why: `the source runs on ${source.cloud} and the target on ${target.cloud}; a restore stays within one cloud provider`,
    };
  const clouds =
    source.cloud !== undefined && target.cloud !== undefined
      ? `same cloud (${source.cloud})`
      : "cloud of the target not known here, so the API will judge it";
  return {
    eligible: true,
    why: `the point is inside ${source.serviceId}'s window (${range}); ${clouds}`,
  };
}

export async function pitrWindow(
  serviceId: string,
  ctx: ToolContext,
): Promise<{ startMs: number; endMs: number } | undefined> {
  const { services } = await ctx.api.pointInTimeSources(
    { service_id: serviceId },
    { signal: ctx.signal },
  );
  const entry = services.find((s) => s.service_id === serviceId);
  const startMs = parseApiTime(entry?.start_time);
  const endMs = parseApiTime(entry?.end_time);
  return startMs === undefined || endMs === undefined ? undefined : { startMs, endMs };
}

/** An external file: the API takes it into any service but an Azure one (snapshots only). */
export function externalEligibility(external: ExternalArgs, target: TargetFacts): Eligibility {
  if (target.cloud === "azure")
    return {
      eligible: false,
      why: "the target runs on Azure, which restores only its own snapshots",
    };
  return {
    eligible: true,
    why: `an external ${external.method} backup can go into a ${target.cloud ?? "non-Azure"} service`,
  };
}

/** The refusals that need what was read: a restore running there, or an ineligible target. */
export function refuseIfBlocked(target: TargetFacts, eligibility: Eligibility): void {
  if (target.running !== undefined) {
    throw new ToolError(
      `${target.serviceId} already has restore ${target.running.id} ${target.running.status}: a service takes one restore at a time. Wait for it to end (get_restore) or cancel it (cancel_restore), then ask again. ${NOTHING}`,
    );
  }
  if (!eligibility.eligible)
    throw new ToolError(
      `${target.serviceId} cannot take this restore: ${eligibility.why}. ${NOTHING}`,
    );
}
