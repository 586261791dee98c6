/**
 * How a restore reads in text: one compact line per restore, its source in
 * words, and durations. The API's records are not trusted: every field may be
 * missing, so each shows "?" (or says what cannot be known) instead of failing.
 */
import { ApiError } from "../../api/errors.js";
import { outcomeOf, isFinishedRestore, type Restore } from "../../api/records.js";
import { restoreSourceOf } from "../../recovery/model.js";
import { ScopeError } from "../../safety/scope.js";
import type { ToolContext } from "../define.js";
import { apiTimeText } from "../../util/format.js";
import { invalidApiIdText, isSendableId, ID_RULES } from "../../util/ids.js";
import { parseApiTime } from "../../util/time.js";
import { ToolError } from "../../util/tool-error.js";
import { quoted, shown } from "../../util/untrusted-text.js";

export const isFinished = (restore: Restore): boolean => isFinishedRestore(restore);

export const isRunning = (restore: Restore): boolean => outcomeOf(restore.status) === "running";

/**
 * What the restore reads from. `backup_id` holds a backup key
 * (<hex>:<service>:<pod>) for a managed restore, the source service id for a
 * point-in-time one, and the file for an external bucket (NOTES-restore-api.md).
 */
export function sourceText(restore: Restore): string {
  const id = restore.backup_id;
  if (id === undefined || id === "") return "source ?";
  const source = restoreSourceOf(id);
  if (source.kind === "backup") return `backup ${id}`;
  if (source.kind === "point-in-time") return `point in time of ${id}`;
  return restore.bucket ? `file ${id} in ${restore.bucket}` : `file ${id}`;
}

/** "dbgsr10358824 (scratch-restore)", or the id alone when the API sent no name. */
export function targetText(restore: Restore): string {
  const id = restore.service_id ?? "?";
  return restore.service_name ? `${shown(id)} (${quoted(restore.service_name)})` : shown(id);
}

/** "42 min", "3.5h", "2.1 days": minutes are what a restore is measured in. */
export function durationText(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "<1 min";
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)}h` : `${(hours / 24).toFixed(1)} days`;
}

/** updated_at - created_at of a finished restore, or undefined when either is missing or unreadable. */
export function finishedDurationMs(restore: Restore): number | undefined {
  const created = parseApiTime(restore.created_at);
  const updated = parseApiTime(restore.updated_at);
  if (created === undefined || updated === undefined || updated < created) return undefined;
  return updated - created;
}

/** "#4 Succeeded created 2026-11-26 14:05 UTC into dbgsr… (scratch-restore) from backup …; physical; "Restore has succeeded!"" */
export function restoreLine(restore: Restore): string {
  const message = restore.message ? ` ${quoted(restore.message.slice(0, 160))}` : "";
  return [
    `#${shown(String(restore.id ?? "?"))}`,
    restore.status === undefined ? "status ?" : shown(restore.status),
    `created ${apiTimeText(restore.created_at)}`,
    `into ${targetText(restore)}`,
    `from ${sourceText(restore)};`,
    `${restore.type === undefined ? "type ?" : shown(restore.type)}${message}`,
  ].join(" ");
}

/**
 * Newest first, whatever order the API used: the docs' bare arrays promise
 * none. By created_at where both are readable, else by id (ids grow with
 * creation in every example); the sort is stable, so ties keep the API's order.
 */
export function newestFirst(restores: readonly Restore[]): Restore[] {
  const keyed = restores.map((restore) => ({
    restore,
    created: parseApiTime(restore.created_at),
    id: restore.id,
  }));
  keyed.sort((a, b) => {
    if (a.created !== undefined && b.created !== undefined && a.created !== b.created)
      return b.created - a.created;
    if (a.id !== undefined && b.id !== undefined) return b.id - a.id;
    return 0;
  });
  return keyed.map((k) => k.restore);
}

/**
 * How long a running restore has taken, against how long restores into the
 * same target took before: the median of its past Succeeded restores
 * (updated_at - created_at). The real API may not send updated_at; then that
 * is said, and no figure is made up.
 */
/** Enough history for a median of recent restores, asked newest first (read on every look at a running restore). */
const HISTORY_PAGE_SIZE = 20;

export interface RestoreTiming {
  figures: {
    running_ms?: number;
    typical_ms?: number;
    /** How many past restores the median is over. */
    history_count: number;
  };
  text: string;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The past, not this one: Succeeded restores into the same target with both times. */
async function pastDurations(
  restore: Restore,
  ctx: ToolContext,
): Promise<{ durations: number[]; succeeded: number; unsendable?: string }> {
  const serviceId = restore.service_id;
  if (serviceId === undefined) return { durations: [], succeeded: 0 };
  // The target's id comes from the API: it is sent back only if it passes the id rules.
  if (!isSendableId("service", serviceId))
    return { durations: [], succeeded: 0, unsendable: invalidApiIdText("service", serviceId) };
  const page = await ctx.api.listRestores(
    { service_id: serviceId, page: 1, page_size: HISTORY_PAGE_SIZE, order: "desc" },
    { signal: ctx.signal },
  );
  const succeeded = page.items.filter(
    (r) =>
      r.service_id === serviceId &&
      String(r.id) !== String(restore.id) &&
      outcomeOf(r.status) === "succeeded",
  );
  const durations = succeeded
    .map(finishedDurationMs)
    .filter((ms): ms is number => ms !== undefined);
  return { durations, succeeded: succeeded.length };
}

/** "running 12 min; past restores into X took a median of 25 min (3 restores)". */
export async function runningTiming(restore: Restore, ctx: ToolContext): Promise<RestoreTiming> {
  const created = parseApiTime(restore.created_at);
  const running = created === undefined ? undefined : Math.max(0, ctx.now().getTime() - created);
  const since =
    running === undefined
      ? "running for an unknown time (the API sent no readable created_at)"
      : `running for ${durationText(running)}`;
  const { durations, succeeded, unsendable } = await pastDurations(restore, ctx);
  const typical = median(durations);
  const target = restore.service_id ?? "this target";
  let compare: string;
  if (unsendable !== undefined) {
    compare = `no history to compare: ${unsendable}, so its past restores were not read`;
  } else if (typical !== undefined) {
    compare = `past restores into ${target} took a median of ${durationText(typical)} (${durations.length} succeeded)`;
    if (running !== undefined && running > 2 * typical)
      compare += "; this one has run over twice as long: check its message, or cancel_restore";
  } else if (succeeded > 0) {
    compare = `how long it takes cannot be known: the ${succeeded} past succeeded restore(s) into ${target} have no updated_at (the API did not send when they ended)`;
  } else {
    compare = `no history to compare: no past succeeded restore into ${target}`;
  }
  const figures = {
    ...(running !== undefined && { running_ms: running }),
    ...(typical !== undefined && { typical_ms: typical }),
    history_count: durations.length,
  };
  return { figures, text: `${since}; ${compare}` };
}

/**
 * The restore id input, and reading one restore the way every restore tool
 * must: a 404 becomes a plain pointer to list_restores, and a restore into a
 * service outside --services is refused after reading (its id is the only
 * way to know the service) without repeating anything it said.
 */
export const restoreId = ID_RULES.restore.describe("From list_restores");

export const NOT_FOUND_RESTORE_HINT =
  "No restore has that id: list_restores with the target service_id shows its restores.";

export async function fetchScopedRestore(id: number, ctx: ToolContext): Promise<Restore> {
  const restore = await ctx.api.getRestore(id, { signal: ctx.signal }).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404)
      throw new ToolError(`restore ${id} was not found. ${NOT_FOUND_RESTORE_HINT}`);
    throw error;
  });
  // An empty answer (the docs' array shape, with nothing in it) proves no restore exists.
  if (restore.id === undefined && restore.service_id === undefined)
    throw new ToolError(`the API returned no restore for id ${id}. ${NOT_FOUND_RESTORE_HINT}`);
  if (!ctx.scope.allows(restore.service_id))
    throw new ScopeError(
      `restore ${id} is into a service outside this server's scope; it is limited to ${ctx.scope.describe()} (SKYSQL_SERVICES / --services)`,
    );
  return restore;
}
