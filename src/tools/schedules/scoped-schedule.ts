import type { Schedule } from "../../api/records.js";
import type { ToolContext } from "../define.js";
import { ScopeError } from "../../safety/scope.js";

/** Fetches a schedule and refuses it when its service is outside the scope. */
export async function fetchScopedSchedule(id: number, ctx: ToolContext): Promise<Schedule> {
  const schedule = await ctx.api.getSchedule(id, { signal: ctx.signal });
  // The other service's id is not named: it is outside what this server may show.
  if (!ctx.scope.allows(schedule.service_id))
    throw new ScopeError(
      `schedule ${id} belongs to a service outside this server's scope; it is limited to ${ctx.scope.describe()} (SKYSQL_SERVICES / --services)`,
    );
  return schedule;
}
