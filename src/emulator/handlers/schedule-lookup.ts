import { badRequest, notFound, quote } from "../errors.js";
import type { BackupSchedule } from "../types.js";
import type { RequestContext } from "./context.js";

/** Resolves the `{id}` path segment to a stored schedule or the 400/404 the API would send. */
export function findSchedule(ctx: RequestContext): BackupSchedule {
  const raw = ctx.param;
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(id >= 1)) throw badRequest(`schedule id must be an integer >= 1 (got ${quote(raw)})`);
  const schedule = ctx.state.schedules.get(id);
  if (schedule === undefined) throw notFound(`backup schedule ${id} not found`);
  return schedule;
}
