import { z } from "zod";
import { defineTool } from "./define.js";
import { order, page, pageSize, serviceId } from "./fields.js";
import { backupPageOutput } from "./output.js";
import { backupLine, pageHeader } from "./format.js";
import { listBackupsInScope } from "./scoped-backups.js";

export const DEFAULT_PAGE_SIZE = 20;

export const listBackups = defineTool({
  name: "list_backups",
  title: "List backups",
  description:
    "List backups across all services, or one with service_id, a page at a time (newest first by default). " +
    "Use to see what ran, failed or is running. Returns backups (id, service_id, type, status, times, size) with backups_count and pages_count.",
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
  }),
  output: backupPageOutput,
  async run(args, ctx) {
    const query = { ...args, page: args.page ?? 1, page_size: args.page_size ?? DEFAULT_PAGE_SIZE };
    const result = await listBackupsInScope(query, ctx);
    const filters = [
      query.order === "asc" ? "oldest first" : "newest first",
      ...(args.service_id ? [`service_id=${args.service_id}`] : []),
      ...(args.status ? [`status=${args.status}`] : []),
    ];
    const header = pageHeader(
      {
        noun: "Backups",
        shown: result.backups.length,
        total: result.backups_count,
        page: query.page,
        pageSize: query.page_size,
        pages: result.pages_count,
      },
      filters,
    );
    return {
      structured: { ...result, page: query.page, page_size: query.page_size },
      text: [header, ...result.backups.map(backupLine)].join("\n"),
    };
  },
});
