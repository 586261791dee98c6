import { z } from "zod";
import { defineTool } from "../define.js";
import { page, pageSize, serviceId } from "../fields.js";
import { backupPageOutput } from "../output.js";
import { backupLine, SIZE_NOTE } from "../list-text.js";
import {
  backupFilter,
  backupFilterFields,
  DEFAULT_MAX_ITEMS,
  wholeListFields,
} from "../backup-filters.js";
import { backupKey } from "../../paging/account.js";
import { readWholeList } from "../whole-list.js";
import { filteredBackupPage, rowsToKeep, wholeBackupList } from "../whole-list-text.js";
import { checkedIfEmpty, noBackupsOn404 } from "../known-service.js";

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
        async (page, page_size, signal) => {
          const result = await ctx.api
            .listServiceBackups(args.service_id, { page, page_size }, { signal })
            .catch(noBackupsOn404);
          return { items: result.backups, total: result.backups_count, pages: result.pages_count };
        },
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
    const shown = result.backups.slice(0, MAX_TEXT_LINES);
    let header = `Backups of ${args.service_id}: showing ${shown.length} of ${Math.max(result.backups_count, result.backups.length)} (${SIZE_NOTE})`;
    if (shown.length < result.backups.length)
      header += " (all returned ones are in structuredContent)";
    const current = args.page ?? 1;
    const pages = Math.max(result.pages_count, 1);
    header += `; page ${current}/${pages}`;
    if (result.pages_count > current)
      header += `; next: page=${current + 1}, or all_pages: true reads every page`;
    else if (shown.length === 0 && current > pages)
      header += `; page ${current} is past the last page (${pages})`;
    const output = {
      structured: { ...result },
      text: [header, ...shown.map(backupLine)].join("\n"),
    };
    const none = result.backups_count === 0 && result.backups.length === 0;
    return checkedIfEmpty(output, args.service_id, none, ctx);
  },
});
