import type { Schedule } from "../api/records.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { scheduleKey, schedulePages } from "../paging/account.js";
import type { ToolContext } from "./define.js";

/**
 * Every schedule of one service, through the shared pager. The API's
 * service_id filter is not trusted: a record naming another service is
 * dropped, so no preview, duplicate check or write ever acts on it. A record
 * naming no service is kept, as the filter is all there is to place it.
 */
export async function listAllSchedules(serviceId: string, ctx: ToolContext): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  await fetchAllPages(schedulePages(ctx.api, serviceId), {
    signal: ctx.signal,
    idOf: scheduleKey,
    onPage: (items) => schedules.push(...items.filter((s) => belongsTo(s, serviceId))),
  });
  return schedules;
}

/** True unless the record names a different service than the one asked for. */
export function belongsTo(record: { service_id?: unknown }, serviceId: string): boolean {
  return record.service_id === undefined || record.service_id === serviceId;
}
