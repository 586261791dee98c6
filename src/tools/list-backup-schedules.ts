import { z } from "zod";
import { defineTool } from "./define.js";
import { backupType, order, page, pageSize, serviceId } from "./fields.js";
import { schedulePageOutput } from "./output.js";
import { pageHeader } from "./format.js";
import { scheduleLine, viewSchedule } from "./schedule-view.js";
import { DEFAULT_PAGE_SIZE } from "./list-backups.js";

export const listBackupSchedules = defineTool({
  name: "list_backup_schedules",
  title: "List backup schedules",
  description:
    "List the backup schedules of one service (id, type, cron, status, suspended). Use before creating, " +
    "changing or deleting a schedule. Returns schedules with schedules_count and pages_count.",
  kind: "read",
  input: z.strictObject({
    service_id: serviceId,
    type: backupType.optional().describe("Only schedules of this backup type"),
    order,
    page,
    page_size: pageSize.describe(`Items per page (1-1000, default ${DEFAULT_PAGE_SIZE})`),
  }),
  output: schedulePageOutput,
  async run(args, { api, signal, scope, now }) {
    scope.check(args.service_id);
    const query = { ...args, page: args.page ?? 1, page_size: args.page_size ?? DEFAULT_PAGE_SIZE };
    const result = await api.listSchedules(query, { signal });
    const at = now();
    const schedules = result.schedules.map((schedule) => viewSchedule(schedule, at));
    const header = pageHeader(
      {
        noun: `Schedules of ${args.service_id}`,
        shown: result.schedules.length,
        total: result.schedules_count,
        page: query.page,
        pageSize: query.page_size,
        pages: result.pages_count,
      },
      args.type ? [`type=${args.type}`] : [],
    );
    const lines = schedules.map(scheduleLine);
    if (result.schedules_count === 0)
      lines.push("No schedules: this service gets no scheduled backups from this API.");
    return {
      structured: { ...result, schedules, page: query.page, page_size: query.page_size },
      text: [header, ...lines].join("\n"),
    };
  },
});
