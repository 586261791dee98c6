import type { Schedule } from "../api/schemas.js";
import type { ToolContext } from "./define.js";

/** Fetches a schedule and refuses it when its service is outside the scope. */
export async function fetchScopedSchedule(id: number, ctx: ToolContext): Promise<Schedule> {
  const schedule = await ctx.api.getSchedule(id, { signal: ctx.signal });
  ctx.scope.check(schedule.service_id, `schedule ${id} belongs to service`);
  return schedule;
}
