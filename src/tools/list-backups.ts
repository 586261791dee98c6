import { z } from "zod";
import { defineTool } from "./define.js";
import { order, page, pageSize, serviceId } from "./fields.js";
import { backupPageOutput } from "./output.js";
import { backupLine, pageHeader } from "./format.js";
import { listBackupsInScope, readBackupsInScope } from "./scoped-backups.js";
import {
  backupFilter,
  backupFilterFields,
  DEFAULT_MAX_ITEMS,
  filterDetails,
  wholeListFields,
} from "./backup-filters.js";
import { wholeListHeader } from "./whole-list-text.js";

export const DEFAULT_PAGE_SIZE = 20;

export const listBackups = defineTool({
  name: "list_backups",
  title: "List backups",
  description:
    "List backups across all services, or one with service_id, a page at a time (newest first by default), " +
    "or all_pages up to max_items. Returns backups (id, service_id, type, status, times, size) with backups_count and pages_count. " +
    "For posture questions use audit_backups instead of counting pages.",
  kind: "read",
  input: z.strictObject({
    page,
    page_size: pageSize.describe(`Items per page (1-1000, default ${DEFAULT_PAGE_SIZE})`),
    order,
    service_id: serviceId.optional(),
    status: z
      .string()
      .regex(/^[A-Za-z_-]{1,32}$/, "status must be a word such as Succeeded, Failed or Running")
      .optional()
      .describe("Filter by status, e.g. Succeeded, Failed, Running"),
    ...backupFilterFields,
    ...wholeListFields,
  }),
  output: backupPageOutput,
  async run(args, ctx) {
    const filter = backupFilter(args);
    const details = [
      args.order === "asc" ? "oldest first" : "newest first",
      ...(args.service_id ? [`service_id=${args.service_id}`] : []),
      ...(args.status ? [`status=${args.status}`] : []),
      ...filterDetails(args),
    ];
    if (args.all_pages || filter) {
      const maxItems = args.max_items ?? DEFAULT_MAX_ITEMS;
      const whole = await readBackupsInScope(args, { maxItems, filter }, ctx);
      return {
        structured: {
          backups: whole.items,
          backups_count: whole.matched,
          pages_count: 1,
          returned: whole.items.length,
          truncated: whole.truncated,
        },
        text: [
          wholeListHeader("Backups", whole, maxItems, details),
          ...whole.items.map(backupLine),
        ].join("\n"),
      };
    }
    const query = { ...args, page: args.page ?? 1, page_size: args.page_size ?? DEFAULT_PAGE_SIZE };
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
    return {
      structured: { ...result, page: query.page, page_size: query.page_size },
      text: [header, ...result.backups.map(backupLine)].join("\n"),
    };
  },
});
