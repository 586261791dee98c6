import type { Schedule } from "../api/schemas.js";
import type { ToolContext } from "./define.js";

const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** Every schedule of one service; services have few, so pages are read in turn. */
export async function listAllSchedules(serviceId: string, ctx: ToolContext): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = await ctx.api.listSchedules(
      { service_id: serviceId, page, page_size: PAGE_SIZE },
      { signal: ctx.signal },
    );
    schedules.push(...result.schedules);
    if (page >= result.pages_count || result.schedules.length === 0) break;
  }
  return schedules;
}
