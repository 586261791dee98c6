import { z } from "zod";
import { defineTool } from "./define.js";
import { serviceId } from "./fields.js";
import { backupPageOutput } from "./output.js";
import { backupLine } from "./format.js";
import {
  backupFilter,
  backupFilterFields,
  DEFAULT_MAX_ITEMS,
  filterDetails,
  wholeListFields,
} from "./backup-filters.js";
import { backupKey } from "../paging/sources.js";
import { readWholeList } from "./whole-list.js";
import { wholeBackupList } from "./whole-list-text.js";
import { checkedIfEmpty, noBackupsOn404 } from "./known-service.js";

// One answer of this endpoint may hold thousands of backups; keep the text bounded.
const MAX_TEXT_LINES = 50;

export const listServiceBackups = defineTool({
  name: "list_service_backups",
  title: "List a service's backups",
  description:
    "One service's backup history (GET /backups/{service_id}); all_pages reads every page up to max_items. Returns backups, backups_count.",
  kind: "read",
  skipSecretFieldScan: true,
  input: z.strictObject({ service_id: serviceId, ...backupFilterFields, ...wholeListFields }),
  output: backupPageOutput,
  statusHints: { 404: "Check the service id; list_services shows the known ones." },
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    const filter = backupFilter(args);
    if (args.all_pages || filter) {
      const maxItems = args.max_items ?? DEFAULT_MAX_ITEMS;
      const whole = await readWholeList(
        async (page, page_size, signal) => {
          const result = await ctx.api
            .listServiceBackups(args.service_id, { page, page_size }, { signal })
            .catch(noBackupsOn404);
          return { items: result.backups, total: result.backups_count, pages: result.pages_count };
        },
        { maxItems, filter, signal: ctx.signal, progress: ctx.progress, idOf: backupKey },
      );
      const output = wholeBackupList(
        `Backups of ${args.service_id}`,
        whole,
        maxItems,
        filterDetails(args),
        MAX_TEXT_LINES,
      );
      const none = whole.reported === 0 && whole.items.length === 0;
      return checkedIfEmpty(output, args.service_id, none, ctx);
    }
    const result = await ctx.api
      .listServiceBackups(args.service_id, {}, { signal: ctx.signal })
      .catch(noBackupsOn404);
    const shown = result.backups.slice(0, MAX_TEXT_LINES);
    let header = `Backups of ${args.service_id}: showing ${shown.length} of ${Math.max(result.backups_count, result.backups.length)}`;
    if (shown.length < result.backups.length)
      header += " (all returned ones are in structuredContent)";
    if (result.pages_count > 1) header += "; all_pages: true reads the other pages";
    const output = {
      structured: { ...result },
      text: [header, ...shown.map(backupLine)].join("\n"),
    };
    const none = result.backups_count === 0 && result.backups.length === 0;
    return checkedIfEmpty(output, args.service_id, none, ctx);
  },
});
