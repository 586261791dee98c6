import type { Schedule } from "../api/schemas.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { scheduleKey, schedulePages } from "../paging/sources.js";
import type { ToolContext } from "./define.js";

/** Every schedule of one service, through the shared pager. */
export async function listAllSchedules(serviceId: string, ctx: ToolContext): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  await fetchAllPages(schedulePages(ctx.api, serviceId), {
    signal: ctx.signal,
    idOf: scheduleKey,
    onPage: (items) => schedules.push(...items),
  });
  return schedules;
}
