/**
 * How long a running restore has taken, against how long restores into the
 * same target took before: the median of its past Succeeded restores
 * (updated_at - created_at). The real API may not send updated_at; then that
 * is said, and no figure is made up.
 */
import { outcomeOf, type Restore } from "../../api/records.js";
import type { ToolContext } from "../define.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";
import { parseApiTime } from "../../util/time.js";
import { durationText, finishedDurationMs } from "./restore-text.js";

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
  const succeeded = page.restores.filter(
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
