import { HttpError, badRequest, notFound } from "../errors.js";
import { rfc3339 } from "../format.js";
import { parseCreate, parsePatch } from "../schedule-input.js";
import type { ServiceInfo } from "../types.js";
import type { BackupType } from "../../api/records.js";
import type { Handler, RequestContext } from "./context.js";
import { findSchedule } from "./schedule-lookup.js";

/** Azure services can only take volume snapshots, as in the generated data. */
function checkTypeFits(svc: ServiceInfo, type: BackupType): void {
  if (svc.cloudProvider === "azure" && type !== "snapshot") {
    throw badRequest(
      `service ${svc.id} runs on azure, which supports only snapshot backups (got backup_type "${type}")`,
    );
  }
}

/** A service is stopped while a restore runs on it, so a `once` backup could not start. */
function checkNotRestoring(ctx: RequestContext, svc: ServiceInfo): void {
  const running = ctx.state.restores.runningOn(svc.id, ctx.state.now().getTime());
  if (running === undefined) return;
  throw badRequest(
    `service ${svc.id} is stopped while restore ${running.id} runs on it; take the backup once the restore has finished`,
  );
}

/** POST /skybackup/v1/backups/schedules; a `once` schedule starts its backup right away. */
export const createSchedule: Handler = (ctx) => {
  const input = parseCreate(ctx.json());
  const svc = ctx.state.service(input.serviceId);
  if (svc === undefined) throw notFound(`service ${input.serviceId} not found`);
  checkTypeFits(svc, input.type);
  if (input.schedule === "once") checkNotRestoring(ctx, svc);
  const schedule = ctx.state.addSchedule({
    svc,
    type: input.type,
    schedule: input.schedule,
    createdMs: ctx.state.now().getTime(),
    external: input.external,
  });
  if (schedule.schedule === "once") ctx.state.startBackup(schedule);
  return { status: 200, body: schedule };
};

/** PATCH /skybackup/v1/backups/schedules/{id}. */
export const updateSchedule: Handler = (ctx) => {
  const schedule = findSchedule(ctx);
  if (schedule.schedule === "once") {
    throw badRequest(
      `one-time (once) schedules cannot be changed; schedule ${schedule.id} already ran: create a new schedule instead`,
    );
  }
  const input = parsePatch(ctx.json());
  const svc = ctx.state.service(schedule.service_id);
  if (input.type !== undefined && svc !== undefined) checkTypeFits(svc, input.type);
  if (input.type !== undefined) schedule.type = input.type;
  if (input.schedule !== undefined) schedule.schedule = input.schedule;
  if (input.suspended !== undefined) schedule.suspended = input.suspended;
  schedule.updated_at = rfc3339(ctx.state.now().getTime());
  return { status: 200, body: schedule };
};

/** DELETE /skybackup/v1/backups/schedules/{id}: 200 with no body, 409 while its backup runs. */
export const deleteSchedule: Handler = (ctx) => {
  const schedule = findSchedule(ctx);
  if (ctx.state.runningBackupOf(schedule.id) !== undefined) {
    throw new HttpError(
      409,
      `backup schedule ${schedule.id} has a running backup; wait for it to finish, then delete again`,
    );
  }
  ctx.state.schedules.delete(schedule.id);
  return { status: 200 };
};
