import { z } from "zod";
import { defineTool } from "../define.js";
import { order, page, pageSize, serviceId } from "../fields.js";
import { backupPageOutput } from "../output.js";
import { backupLine, pageHeader, SIZE_NOTE } from "../list-text.js";
import { listBackupsInScope, readBackupsInScope } from "./scoped-backups.js";
import {
  backupFilter,
  backupFilterFields,
  DEFAULT_MAX_ITEMS,
  wholeListFields,
} from "../backup-filters.js";
import { filteredBackupPage, rowsToKeep, wholeBackupList } from "../whole-list-text.js";
import { checkedIfEmpty } from "../known-service.js";

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
        shown: result.backups.length,
        total: result.backups_count,
        page: query.page,
        pageSize: query.page_size,
        pages: result.pages_count,
      },
      details,
    );
    const output = {
      structured: { ...result, page: query.page, page_size: query.page_size },
      text: [header, ...result.backups.map(backupLine)].join("\n"),
    };
    const none = result.backups_count === 0 && result.backups.length === 0;
    // The API does not reject an unknown status: say so rather than let "0 of 0" pass for an answer.
    if (none && args.status && !/^(succeeded|failed|running)$/i.test(args.status)) {
      output.text += `\nNo backup has status "${args.status}"; the statuses the API reports are Succeeded, Failed and Running.`;
    }
    return checkedIfEmpty(output, args.service_id, none, ctx);
  },
});
