/**
 * Is a service id one the account knows? The Backups API has no services
 * endpoint, so a service is known by its traces: a backup or a schedule (a
 * real service always has one of them, as nightly fulls are scheduled for
 * every service by default). Reads ask only when their own answer came back
 * empty, so a normal read costs nothing extra; a create asks before it
 * writes (a cron create only when the service has no schedules). An id with
 * no trace gets the same plain message from every tool, never "nothing
 * scheduled".
 */
import { ApiError } from "../api/errors.js";
import type { BackupPage } from "../api/records.js";
import type { ToolContext, ToolOutput } from "./define.js";
import { ToolError } from "../util/tool-error.js";
import { findServicesNamed } from "../paging/account.js";
import { belongsTo } from "./all-schedules.js";

export interface ServiceTraces {
  serviceId: string;
  /** Backups of any status the API reports for the service. */
  backups: number;
  schedules: number;
}

type KnownServiceCheck =
  ({ known: true } & ServiceTraces) | { known: false; serviceId: string; message: string };

/** "no backups or schedules are known for dbxyz…: check the id; list_services shows the known ones" */
function unknownServiceMessage(serviceId: string, idsForName: readonly string[] = []): string {
  const plain = `no backups or schedules are known for ${serviceId}: check the id; list_services shows the known ones`;
  if (idsForName.length === 0) return plain;
  const ids = idsForName.join(", ");
  const its =
    idsForName.length === 1 ? `its id is ${ids}` : `the services of that name have ids ${ids}`;
  return `${serviceId} is a service name, not an id: ${its}; call again with the id`;
}

/** Two one-row requests side by side; on an unknown id, a bounded look for a service of that name. */
async function checkKnownService(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
): Promise<KnownServiceCheck> {
  const one = { service_id: serviceId, page: 1, page_size: 1 };
  const [backups, schedules] = await Promise.all([
    ctx.api.listBackups(one, { signal: ctx.signal }),
    ctx.api.listSchedules(one, { signal: ctx.signal }),
  ]);
  // The filter is not trusted: a row naming another service proves nothing about this id.
  // When the row is this service's, its count stands (the API may leave it out: then the rows).
  const traces: ServiceTraces = {
    serviceId,
    backups: provenCount(backups.backups, backups.backups_count, serviceId),
    schedules: provenCount(schedules.schedules, schedules.schedules_count, serviceId),
  };
  if (traces.backups > 0 || traces.schedules > 0) return { known: true, ...traces };
  const ids = await findServicesNamed(serviceId, ctx);
  return { known: false, serviceId, message: unknownServiceMessage(serviceId, ids) };
}

/**
 * Throws the unknown-service refusal (plus what was not done, e.g. "Nothing
 * was created.") when the id has no trace; returns the traces otherwise.
 */
export async function requireKnownService(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
  consequence?: string,
): Promise<ServiceTraces> {
  const check = await checkKnownService(serviceId, ctx);
  if (check.known) return check;
  throw new ToolError(consequence ? `${check.message}. ${consequence}` : check.message);
}

/** An honest line for a known service whose list came back empty, or undefined when nothing needs saying. */
export function emptyButKnownLine(traces: ServiceTraces): string | undefined {
  if (traces.backups === 0) {
    return `${traces.serviceId} has no backups yet; it has ${plural(traces.schedules, "schedule")} (list_backup_schedules).`;
  }
  if (traces.schedules === 0) {
    return `${traces.serviceId} has ${plural(traces.backups, "backup")} but no backup schedule, so this API makes no scheduled backups of it.`;
  }
  return undefined;
}

/**
 * For a list of one service's records: when the API reported none at all,
 * refuses an unknown id, or adds the honest line for a known one. Any
 * other answer passes through untouched, with no extra request.
 */
export async function checkedIfEmpty(
  output: ToolOutput,
  serviceId: string | undefined,
  reportedNone: boolean,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
): Promise<ToolOutput> {
  if (serviceId === undefined || !reportedNone) return output;
  const line = emptyButKnownLine(await requireKnownService(serviceId, ctx));
  return line === undefined ? output : { ...output, text: `${output.text}\n${line}` };
}

/**
 * GET /backups/{service_id} may answer 404 for a service with no backups
 * yet as well as for an unknown id: read it as an empty list, which
 * checkedIfEmpty then tells apart.
 */
export function noBackupsOn404(error: unknown): BackupPage {
  if (error instanceof ApiError && error.status === 404)
    return { backups: [], backups_count: 0, pages_count: 0 };
  throw error;
}

function provenCount(
  rows: readonly { service_id?: unknown }[],
  reported: number,
  serviceId: string,
): number {
  const mine = rows.filter((row) => belongsTo(row, serviceId)).length;
  if (mine === 0) return 0;
  return Math.max(reported, mine);
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
