import { z } from "zod";
import { defineTool } from "./define.js";
import { serviceId } from "./fields.js";
import { backupPageOutput } from "./output.js";
import { backupLine } from "./format.js";

// The endpoint is not paged; keep the text bounded even if it returns thousands.
const MAX_TEXT_LINES = 50;

export const listServiceBackups = defineTool({
  name: "list_service_backups",
  title: "List a service's backups",
  description:
    "All backups of one service (GET /backups/{service_id}). Use for a single database's backup history; " +
    "use list_backups with service_id to page or filter by status. Returns backups and backups_count.",
  kind: "read",
  input: z.strictObject({ service_id: serviceId }),
  output: backupPageOutput,
  statusHints: { 404: "Check the service id; list_backups shows the services that have backups." },
  async run(args, { api, signal, scope }) {
    scope.check(args.service_id);
    const result = await api.listServiceBackups(args.service_id, {}, { signal });
    const shown = result.backups.slice(0, MAX_TEXT_LINES);
    let header = `Backups of ${args.service_id}: ${result.backups.length} returned`;
    if (result.backups_count > result.backups.length) header += ` of ${result.backups_count}`;
    if (shown.length < result.backups.length) {
      header += `; text shows the first ${shown.length} (all are in structuredContent)`;
    }
    return {
      structured: { ...result },
      text: [header, ...shown.map(backupLine)].join("\n"),
    };
  },
});
