/**
 * list_backups under --services. The API filters by one service at a time,
 * so with several allowed services each one's first page*page_size backups
 * are fetched and merged: enough to cut the requested page exactly.
 */
import type { ListBackupsQuery } from "../../api/client.js";
import type { Backup, BackupPage } from "../../api/records.js";
import type { ToolContext } from "../define.js";
import { ToolError } from "../../util/tool-error.js";
import { belongsTo } from "../all-schedules.js";
import { backupKey } from "../../paging/account.js";
import { readWholeList, type WholeList } from "../whole-list.js";
import { allOrNothing } from "../../paging/fetch-all.js";

const MAX_MERGE_DEPTH = 5000;

export async function listBackupsInScope(
  query: ListBackupsQuery & { page: number; page_size: number },
  ctx: ToolContext,
): Promise<BackupPage> {
  const services = ctx.scope.services;
  if (query.service_id !== undefined) ctx.scope.check(query.service_id);
  const one = query.service_id ?? (services?.length === 1 ? services[0] : undefined);
  if (one !== undefined) {
    const page = await ctx.api.listBackups({ ...query, service_id: one }, { signal: ctx.signal });
    // The API's filter is not trusted: rows naming another service are neither shown nor counted.
    const backups = page.backups.filter((b) => belongsTo(b, one));
    const dropped = page.backups.length - backups.length;
    return {
      ...page,
      backups,
      backups_count: Math.max(page.backups_count - dropped, backups.length),
    };
  }
  if (services === undefined) return ctx.api.listBackups(query, { signal: ctx.signal });

  const depth = query.page * query.page_size;
  if (depth > MAX_MERGE_DEPTH) {
    throw new ToolError(
      `page ${query.page} is too deep to merge across ${services.length} services; give service_id to page one service at a time.`,
    );
  }
  // allOrNothing: one failing service stops the others' requests instead of leaving them running.
  const pages = await allOrNothing(
    services.map(
      (service_id) => (signal: AbortSignal) =>
        ctx.api
          .listBackups({ ...query, service_id, page: 1, page_size: depth }, { signal })
          .then((page) => ({
            ...page,
            backups: page.backups.filter((b) => belongsTo(b, service_id)),
          })),
    ),
    ctx.signal,
  );
  const merged = pages.flatMap((page) => page.backups).sort(byTime(query.order ?? "desc"));
  const total = pages.reduce((sum, page) => sum + page.backups_count, 0);
  const start = (query.page - 1) * query.page_size;
  return {
    backups: merged.slice(start, start + query.page_size),
    backups_count: total,
    pages_count: Math.ceil(total / query.page_size),
  };
}

/**
 * all_pages under the scope: each allowed service's list is read on its own
 * (in the requested order) and the lists are merged; the top max_items of
 * the merge are always within the top max_items of each service.
 */
export async function readBackupsInScope(
  args: { order?: "asc" | "desc"; service_id?: string; status?: string },
  options: { maxItems: number; filter?: (backup: Backup) => boolean },
  ctx: ToolContext,
): Promise<WholeList<Backup>> {
  if (args.service_id !== undefined) ctx.scope.check(args.service_id);
  const services: Array<string | undefined> = args.service_id
    ? [args.service_id]
    : [...(ctx.scope.services ?? [undefined])];
  const order = args.order ?? "desc";
  const lists = await allOrNothing(
    services.map(
      (service_id) => (groupSignal: AbortSignal) =>
        readWholeList<Backup>(
          async (page, page_size, signal) => {
            const result = await ctx.api.listBackups(
              { service_id, status: args.status, order, page, page_size },
              { signal },
            );
            return {
              items:
                service_id === undefined
                  ? result.backups
                  : result.backups.filter((b) => belongsTo(b, service_id)),
              total: result.backups_count,
              pages: result.pages_count,
            };
          },
          {
            ...options,
            signal: groupSignal,
            idOf: backupKey,
            progress: services.length === 1 ? ctx.progress : undefined,
          },
        ),
    ),
    ctx.signal,
  );
  if (lists.length === 1 && lists[0]) return lists[0];
  const merged = lists.flatMap((list) => list.items).sort(byTime(order));
  const matched = lists.reduce((sum, list) => sum + list.matched, 0);
  const items = merged.slice(0, options.maxItems);
  return {
    items,
    matched,
    reported: lists.reduce((sum, list) => sum + list.reported, 0),
    truncated: items.length < matched,
  };
}

function byTime(order: "asc" | "desc"): (a: Backup, b: Backup) => number {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => {
    const x = a.start_time ?? "";
    const y = b.start_time ?? "";
    return x === y ? 0 : x < y ? -sign : sign;
  };
}
