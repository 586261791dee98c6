import { z } from "zod";
import {
  defineTool,
  backupType,
  order,
  page,
  pageSize,
  serviceId,
  type ToolContext,
} from "../define.js";
import { schedulePageOutput } from "../outputs.js";
import { pageHeader, DEFAULT_MAX_ITEMS, wholeListFields, wholeListHeader } from "../lists.js";
import { scheduleLine, viewSchedule } from "./schedule-view.js";
import { DEFAULT_PAGE_SIZE } from "../backups/list-backups.js";
import { scheduleKey } from "../../paging/account.js";
import { readWholeList } from "../../paging/fetch-all.js";
import { emptyButKnownLine, requireKnownService } from "../lookups.js";
import { belongsTo } from "../../api/records.js";

export const listBackupSchedules = defineTool({
  name: "list_backup_schedules",
  title: "List backup schedules",
  description:
    "One service's backup schedules: id, type, cron in words, next runs, suspended. Check them before creating, changing or deleting one.",
  kind: "read",
  instruction: "Schedules: list_backup_schedules (needs service_id).",
  input: z.strictObject({
    service_id: serviceId,
    type: backupType.optional().describe("Only this type"),
    order,
    page,
    page_size: pageSize.describe(`Default ${DEFAULT_PAGE_SIZE}`),
    ...wholeListFields,
  }),
  output: schedulePageOutput,
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    const at = ctx.now();
    const base = { service_id: args.service_id, type: args.type, order: args.order };
    const details = args.type ? [`type=${args.type}`] : [];
    if (args.all_pages) {
      const maxItems = args.max_items ?? DEFAULT_MAX_ITEMS;
      const whole = await readWholeList(
        (page, page_size, signal) =>
          ctx.api.listSchedules({ ...base, page, page_size }, { signal }),
        {
          maxItems,
          // The API's filter is not trusted: another service's schedule is never shown as this
          // one's, nor counted (a filter makes the count the matches).
          filter: (s) => belongsTo(s, args.service_id),
          signal: ctx.signal,
          progress: ctx.progress,
          idOf: scheduleKey,
        },
      );
      const schedules = whole.items.map((schedule) => viewSchedule(schedule, at));
      const lines =
        schedules.length === 0
          ? [await noSchedulesLine(args.service_id, args.type, ctx)]
          : schedules.map(scheduleLine);
      return {
        structured: {
          schedules,
          schedules_count: whole.matched,
          pages_count: 1,
          returned: schedules.length,
          truncated: whole.truncated,
        },
        text: [
          wholeListHeader(`Schedules of ${args.service_id}`, whole, maxItems, details),
          ...lines,
        ].join("\n"),
      };
    }
    const query = { ...base, page: args.page ?? 1, page_size: args.page_size ?? DEFAULT_PAGE_SIZE };
    const result = await ctx.api.listSchedules(query, { signal: ctx.signal });
    const schedules = result.items
      .filter((schedule) => belongsTo(schedule, args.service_id))
      .map((schedule) => viewSchedule(schedule, at));
    // Records naming another service are left out of the rows and of the count.
    const dropped = result.items.length - schedules.length;
    const total = Math.max(result.total - dropped, schedules.length);
    if (dropped > 0) details.push(`${dropped} record(s) naming another service left out`);
    const header = pageHeader(
      {
        noun: `Schedules of ${args.service_id}`,
        shown: schedules.length,
        total,
        page: query.page,
        pageSize: query.page_size,
        pages: result.pages,
      },
      details,
    );
    const lines = schedules.map(scheduleLine);
    if (schedules.length === 0 && query.page === 1)
      lines.push(await noSchedulesLine(args.service_id, args.type, ctx));
    return {
      structured: {
        schedules,
        schedules_count: total,
        pages_count: result.pages,
        page: query.page,
        page_size: query.page_size,
      },
      text: [header, ...lines].join("\n"),
    };
  },
});

/** Only on an empty answer: an unknown id is refused; a known one gets an honest line. */
async function noSchedulesLine(
  serviceId: string,
  type: string | undefined,
  ctx: ToolContext,
): Promise<string> {
  const traces = await requireKnownService(serviceId, ctx);
  if (type !== undefined && traces.schedules > 0)
    return `No ${type} schedules (${serviceId} has ${traces.schedules} of other types).`;
  return `No schedules: ${emptyButKnownLine(traces) ?? `${serviceId} has none.`}`;
}
