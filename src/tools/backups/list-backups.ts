import { z } from "zod";
import type { ListBackupsQuery } from "../../api/client.js";
import type { Backup, BackupPage } from "../../api/records.js";
import { backupKey } from "../../paging/account.js";
import { readWholeList, allOrNothing, type WholeList } from "../../paging/fetch-all.js";
import { checkedIfEmpty, noBackupsOn404 } from "../lookups.js";
import { belongsTo } from "../../api/records.js";
import { defineTool, order, page, pageSize, serviceId, type ToolContext } from "../define.js";
import { backupPageOutput } from "../outputs.js";
import {
  backupLine,
  pageHeader,
  SIZE_NOTE,
  backupFilter,
  backupFilterFields,
  DEFAULT_MAX_ITEMS,
  wholeListFields,
  filteredBackupPage,
  rowsToKeep,
  wholeBackupList,
} from "../lists.js";
import { ToolError } from "../../util/tool-error.js";

export const DEFAULT_PAGE_SIZE = 20;

export const listBackups = defineTool({
  name: "list_backups",
  title: "List backups",
  description:
    "Backups, newest first, a page at a time or all_pages up to max_items. Returns backups, backups_count, pages_count. " +
    "For health questions use audit_backups.",
  kind: "read",
  instruction:
    "Recent backups, failures, running jobs: list_backups (filter by service_id, status).",
  skipSecretFieldScan: true,
  input: z.strictObject({
    page,
    page_size: pageSize.describe(`Default ${DEFAULT_PAGE_SIZE}`),
    order,
    service_id: serviceId.optional(),
    status: z
      .string()
      .refine(
        (status) => /^[A-Za-z_-]{1,32}$/.test(status),
        "status must be a word such as Succeeded, Failed or Running",
      )
      .optional()
      .describe("e.g. Succeeded, Failed, Running"),
    ...backupFilterFields,
    ...wholeListFields,
  }),
  output: backupPageOutput,
  async run(args, ctx) {
    const filter = backupFilter(args, ctx.now().getTime());
    const details = [
      args.order === "asc" ? "oldest first" : "newest first",
      ...(args.service_id ? [`service_id=${args.service_id}`] : []),
      ...(args.status ? [`status=${args.status}`] : []),
      ...(filter?.details ?? []),
      SIZE_NOTE,
    ];
    if (args.all_pages) {
      const maxItems = args.max_items ?? DEFAULT_MAX_ITEMS;
      const whole = await readBackupsInScope(args, { maxItems, filter: filter?.matches }, ctx);
      const output = wholeBackupList("Backups", whole, maxItems, details, maxItems);
      return checkedIfEmpty(output, args.service_id, whole.reported === 0, ctx);
    }
    const query = { ...args, page: args.page ?? 1, page_size: args.page_size ?? DEFAULT_PAGE_SIZE };
    if (filter) {
      const maxItems = rowsToKeep(query.page, query.page_size);
      const whole = await readBackupsInScope(args, { maxItems, filter: filter.matches }, ctx);
      const paging = { page: query.page, pageSize: query.page_size };
      const output = filteredBackupPage("Backups", whole, paging, details);
      return checkedIfEmpty(output, args.service_id, whole.reported === 0, ctx);
    }
    const result = await listBackupsInScope(
      {
        page: query.page,
        page_size: query.page_size,
        order: args.order,
        service_id: args.service_id,
        status: args.status,
      },
      ctx,
    );
    const header = pageHeader(
      {
        noun: "Backups",
        shown: result.items.length,
        total: result.total,
        page: query.page,
        pageSize: query.page_size,
        pages: result.pages,
      },
      details,
    );
    const output = {
      structured: {
        backups: result.items,
        backups_count: result.total,
        pages_count: result.pages,
        page: query.page,
        page_size: query.page_size,
      },
      text: [header, ...result.items.map(backupLine)].join("\n"),
    };
    const none = result.total === 0 && result.items.length === 0;
    // The API does not reject an unknown status: say so rather than let "0 of 0" pass for an answer.
    if (none && args.status && !/^(succeeded|failed|running)$/i.test(args.status)) {
      output.text += `\nNo backup has status "${args.status}"; the statuses the API reports are Succeeded, Failed and Running.`;
    }
    return checkedIfEmpty(output, args.service_id, none, ctx);
  },
});

/**
 * list_backups under --services. The API filters by one service at a time,
 * so with several allowed services each one's first page*page_size backups
 * are fetched and merged: enough to cut the requested page exactly.
 */
const MAX_MERGE_DEPTH = 5000;

async function listBackupsInScope(
  query: ListBackupsQuery & { page: number; page_size: number },
  ctx: ToolContext,
): Promise<BackupPage> {
  const services = ctx.scope.services;
  if (query.service_id !== undefined) ctx.scope.check(query.service_id);
  const one = query.service_id ?? (services?.length === 1 ? services[0] : undefined);
  if (one !== undefined) {
    const page = await ctx.api.listBackups({ ...query, service_id: one }, { signal: ctx.signal });
    // The API's filter is not trusted: rows naming another service are neither shown nor counted.
    const backups = page.items.filter((b) => belongsTo(b, one));
    const dropped = page.items.length - backups.length;
    return { ...page, items: backups, total: Math.max(page.total - dropped, backups.length) };
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
            items: page.items.filter((b) => belongsTo(b, service_id)),
          })),
    ),
    ctx.signal,
  );
  const merged = pages.flatMap((page) => page.items).sort(byTime(query.order ?? "desc"));
  const total = pages.reduce((sum, page) => sum + page.total, 0);
  const start = (query.page - 1) * query.page_size;
  return {
    items: merged.slice(start, start + query.page_size),
    total,
    pages: Math.ceil(total / query.page_size),
  };
}

/**
 * all_pages under the scope: each allowed service's list is read on its own
 * (in the requested order) and the lists are merged; the top max_items of
 * the merge are always within the top max_items of each service.
 */
async function readBackupsInScope(
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
                  ? result.items
                  : result.items.filter((b) => belongsTo(b, service_id)),
              total: result.total,
              pages: result.pages,
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

// One answer of this endpoint may hold thousands of backups; keep the text bounded.
const MAX_TEXT_LINES = 50;
const DEFAULT_FILTERED_PAGE_SIZE = 20;

export const listServiceBackups = defineTool({
  name: "list_service_backups",
  title: "List a service's backups",
  description:
    "One service's backup history; all_pages reads every page up to max_items. Returns backups, backups_count.",
  kind: "read",
  instruction: "One database's history: list_service_backups.",
  skipSecretFieldScan: true,
  input: z.strictObject({
    service_id: serviceId,
    page,
    page_size: pageSize,
    ...backupFilterFields,
    ...wholeListFields,
  }),
  output: backupPageOutput,
  statusHints: { 404: "Check the service id; list_services shows the known ones." },
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    const filter = backupFilter(args, ctx.now().getTime());
    const details = [...(filter?.details ?? []), SIZE_NOTE];
    if (args.all_pages || filter) {
      const paging = {
        page: args.page ?? 1,
        pageSize: args.page_size ?? DEFAULT_FILTERED_PAGE_SIZE,
      };
      const maxItems = args.all_pages
        ? (args.max_items ?? DEFAULT_MAX_ITEMS)
        : rowsToKeep(paging.page, paging.pageSize);
      const whole = await readWholeList(
        (page, page_size, signal) =>
          ctx.api
            .listServiceBackups(args.service_id, { page, page_size }, { signal })
            .catch(noBackupsOn404),
        {
          maxItems,
          filter: filter?.matches,
          signal: ctx.signal,
          progress: ctx.progress,
          idOf: backupKey,
        },
      );
      const noun = `Backups of ${args.service_id}`;
      const output = args.all_pages
        ? wholeBackupList(noun, whole, maxItems, details, MAX_TEXT_LINES)
        : filteredBackupPage(noun, whole, paging, details);
      return checkedIfEmpty(output, args.service_id, whole.reported === 0, ctx);
    }
    const query = {
      ...(args.page !== undefined && { page: args.page }),
      ...(args.page_size !== undefined && { page_size: args.page_size }),
    };
    const result = await ctx.api
      .listServiceBackups(args.service_id, query, { signal: ctx.signal })
      .catch(noBackupsOn404);
    const shown = result.items.slice(0, MAX_TEXT_LINES);
    let header = `Backups of ${args.service_id}: showing ${shown.length} of ${Math.max(result.total, result.items.length)} (${SIZE_NOTE})`;
    if (shown.length < result.items.length)
      header += " (all returned ones are in structuredContent)";
    const current = args.page ?? 1;
    const pages = Math.max(result.pages, 1);
    header += `; page ${current}/${pages}`;
    if (result.pages > current)
      header += `; next: page=${current + 1}, or all_pages: true reads every page`;
    else if (shown.length === 0 && current > pages)
      header += `; page ${current} is past the last page (${pages})`;
    const output = {
      structured: { backups: result.items, backups_count: result.total, pages_count: result.pages },
      text: [header, ...shown.map(backupLine)].join("\n"),
    };
    const none = result.total === 0 && result.items.length === 0;
    return checkedIfEmpty(output, args.service_id, none, ctx);
  },
});
