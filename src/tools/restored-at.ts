/**
 * When restores replaced a service's data: the moments its binary log starts
 * a new timeline (restore/binlog.ts), which every view of "what a restore
 * can reach" must know alike (plan_restore, create_restore, list_services,
 * and the audit from its own restore history). Every restore into the
 * service counts, whatever its outcome: a failed one may still have erased
 * the data, and assuming a break can only make a view more cautious.
 */
import { ApiError } from "../api/errors.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { restoreKey, restorePages } from "../paging/account.js";
import { isSendableId } from "../util/ids.js";
import { restoredAtOf } from "../restore/facts.js";
import type { ToolContext } from "./define.js";

const PAGE_SIZE = 100;

/**
 * The restores into `serviceId`, as moments. An API without the restore
 * endpoints (404, 405) has none to tell of; any other failure is the call's.
 */
export interface RestoredAt {
  moments: number[];
  /** Set when the history could not be read: the views go on without it, and say so. */
  unread?: string;
}

export async function restoredAt(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal">,
): Promise<RestoredAt> {
  if (!isSendableId("service", serviceId)) return { moments: [] };
  const moments: number[] = [];
  try {
    await fetchAllPages(restorePages(ctx.api, serviceId), {
      signal: ctx.signal,
      pageSize: PAGE_SIZE,
      idOf: restoreKey,
      onPage: (items) => {
        for (const restore of items) {
          // The API's service filter is not trusted: a restore into another service is no break here.
          if (restore.service_id !== undefined && restore.service_id !== serviceId) continue;
          const at = restoredAtOf(restore);
          if (at !== undefined) moments.push(at);
        }
      },
    });
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (!(error instanceof ApiError)) throw error;
    // No restore endpoints (404, 405): no restores to tell of. Any other failure: said.
    if (error.status === 404 || error.status === 405) return { moments: [] };
    return {
      moments: [],
      unread: `restores into ${serviceId} could not be read (${error.method} ${error.path.split("?")[0] ?? ""} -> ${error.status ?? error.kind}): a restore into it, which starts a new binlog timeline, may be missed`,
    };
  }
  return { moments };
}
