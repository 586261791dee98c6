/**
 * The two restore lookups: which services a backup can go into
 * (POST /restores/lookup) and which services can supply a point-in-time
 * restore (GET /restores/pointintime/lookup).
 */
import { badRequest, quote } from "../errors.js";
import { pointInTime } from "../format.js";
import { pitrWindow } from "../pitr.js";
import type { Backup } from "../types.js";
import type { Handler } from "./context.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Targets share the backup's cloud provider (managed backups do not cross
 * clouds). Nothing else is excluded: the source itself is eligible, and a
 * target busy with a restore is refused only when the restore is started.
 * `backup_id` may also be a service id (a point-in-time source).
 */
export const lookupRestoreTargets: Handler = (ctx) => {
  const body = ctx.json();
  if (!isObject(body)) {
    throw badRequest("request body must be a JSON object {backup_id, service_id}");
  }
  const backupId = body.backup_id;
  if (typeof backupId !== "string" || backupId === "") {
    throw badRequest(
      "backup_id is required: the id of the backup to restore, from GET /skybackup/v1/backups?service_id=…",
    );
  }
  const backup = ctx.state.backups.find((b) => b.id === backupId);
  const sourceId = backup?.service_id ?? backupId;
  const source = ctx.state.service(sourceId);
  if (source === undefined) throw badRequest(`backup ${quote(backupId)} not found`);
  const claimed = body.service_id;
  if (claimed !== undefined && claimed !== "" && claimed !== source.id) {
    throw badRequest(
      `backup ${quote(backupId)} belongs to service ${source.id}, not ${typeof claimed === "string" ? quote(claimed) : "a " + typeof claimed}: service_id is the backup's SOURCE service`,
    );
  }
  if (backup !== undefined && backup.status !== "Succeeded") {
    throw badRequest(
      `backup ${backup.id} is ${backup.status}; only a Succeeded backup can be restored`,
    );
  }
  const services = ctx.state.services
    .map((id) => ctx.state.service(id))
    .filter((svc) => svc !== undefined && svc.cloudProvider === source.cloudProvider)
    .map((svc) => ({ service_id: svc?.id ?? "", service_name: svc?.name ?? "" }));
  return { status: 200, body: { services } };
};

/** The spec declares no parameters; an optional service_id narrows the answer to one service. */
export const pointInTimeSources: Handler = (ctx) => {
  const only = ctx.query.get("service_id");
  const byService = new Map<string, Backup[]>();
  for (const b of ctx.state.backups) {
    if (only !== null && only !== "" && b.service_id !== only) continue;
    const list = byService.get(b.service_id);
    if (list === undefined) byService.set(b.service_id, [b]);
    else list.push(b);
  }
  const services = [];
  for (const id of ctx.state.services) {
    const window = pitrWindow(byService.get(id) ?? []);
    if (window === undefined) continue;
    services.push({
      service_id: id,
      service_name: ctx.state.service(id)?.name ?? "",
      start_time: pointInTime(window.startMs),
      end_time: pointInTime(window.endMs),
    });
  }
  return { status: 200, body: { services } };
};
