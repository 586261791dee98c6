/**
 * What each documented restore shape reads, and the refusals specific to it:
 * a managed backup (same cloud, Succeeded, not a lone binlog), a point in
 * time (same cloud, inside the source's unbroken binlog coverage), an
 * external bucket (not into Azure, which restores snapshots only).
 */
import { badRequest, quote } from "./errors.js";
import { pointInTime } from "./format.js";
import { checkPoint } from "./pitr.js";
import type { RestoreInput } from "./restore-input.js";
import type { EmulatorState } from "./state.js";
import type { Backup, ServiceInfo } from "./types.js";

const MB = 1_000_000;
/** An external file's size is unknown to the emulator; assume this much. */
const EXTERNAL_BYTES = 10_000 * MB;
const LOOKUP_HINT = "GET /skybackup/v1/restores/pointintime/lookup";

/** What a restore reads: named in the record, sized for its run time, and the disk it needs. */
export interface RestoreSource {
  backupId: string;
  bucket: string;
  type: "physical" | "logical";
  bytes: number;
  need: number;
}

/** The managed bucket path of a service's backups, stable per service (the docs end it in an org id). */
export function managedBucket(svc: ServiceInfo): string {
  let h = 0x811c9dc5;
  for (const ch of svc.id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const scheme =
    svc.cloudProvider === "aws" ? "s3" : svc.cloudProvider === "azure" ? "azure" : "gs";
  return `${scheme}://sky-syst0000-backup-us-${h.toString(16).padStart(8, "0")}/orgdemo1x`;
}

function backupsOf(state: EmulatorState, serviceId: string): Backup[] {
  return state.backups.filter((b) => b.service_id === serviceId);
}

function sameCloud(backupCloud: string, what: string, target: ServiceInfo): void {
  if (backupCloud === target.cloudProvider) return;
  throw badRequest(
    `${what} is on ${backupCloud} but ${target.id} runs on ${target.cloudProvider}: managed backups restore only within the same cloud provider; export the backup to your own bucket and restore it with external_source, or pick a ${backupCloud} target (POST /skybackup/v1/restores/lookup lists them)`,
  );
}

export function managed(
  state: EmulatorState,
  backupId: string,
  target: ServiceInfo,
): RestoreSource {
  const backup = state.backups.find((b) => b.id === backupId);
  if (backup === undefined) {
    const isService = state.service(backupId) !== undefined;
    throw badRequest(
      isService
        ? `id ${quote(backupId)} is a service id: send point_in_time too for a point-in-time restore, or send a backup id from GET /skybackup/v1/backups?service_id=${backupId}`
        : `backup ${quote(backupId)} not found: send an id from GET /skybackup/v1/backups?service_id=… (backups are kept 7 days)`,
    );
  }
  if (backup.status !== "Succeeded") {
    throw badRequest(
      `backup ${backup.id} is ${backup.status}; only a Succeeded backup can be restored`,
    );
  }
  if (backup.type === "binarylog") {
    throw badRequest(
      `backup ${backup.id} is a binarylog backup, which cannot be restored on its own: restore a full, snapshot or dump backup, or restore to a point in time (point_in_time with the source service id)`,
    );
  }
  sameCloud(backup.cloud_provider, `backup ${backup.id}`, target);
  const source = state.service(backup.service_id);
  const full =
    backup.type === "incremental"
      ? state.backups.find((b) => b.id === backup.reference_full_backup)
      : undefined;
  return {
    backupId: backup.id,
    bucket: source === undefined ? "" : managedBucket(source),
    type: backup.type === "dump" ? ("logical" as const) : ("physical" as const),
    bytes: backup.backup_size + (full?.backup_size ?? 0),
    need: backup.disk_size_bytes,
  };
}

export function pitr(
  state: EmulatorState,
  input: Extract<RestoreInput, { kind: "pitr" }>,
  target: ServiceInfo,
): RestoreSource {
  const source = state.service(input.sourceId);
  if (source === undefined) {
    throw badRequest(
      input.sourceId.includes(":")
        ? `with point_in_time, id is the SOURCE SERVICE id (like ${target.id}), not a backup id (got ${quote(input.sourceId)})`
        : `source service ${quote(input.sourceId)} not found: with point_in_time, id is the id of the service whose data to restore`,
    );
  }
  sameCloud(source.cloudProvider, `source service ${source.id}`, target);
  const check = checkPoint(backupsOf(state, source.id), input.pointMs);
  if ("outside" in check) {
    const w = check.outside;
    throw badRequest(
      w === undefined
        ? `service ${source.id} has no point-in-time coverage: it needs a successful full backup followed by binlog backups`
        : `point_in_time ${quote(input.point)} is outside ${source.id}'s point-in-time window, ${pointInTime(w.startMs)} to ${pointInTime(w.endMs)} UTC; pick a time inside it (${LOOKUP_HINT})`,
    );
  }
  if ("gap" in check) {
    throw badRequest(
      `point_in_time ${quote(input.point)} cannot be reached: ${source.id} has no binlog backups between ${pointInTime(check.gap.startMs)} and ${pointInTime(check.gap.endMs)} UTC; pick a time before that gap or after the next full backup`,
    );
  }
  return {
    backupId: source.id,
    bucket: managedBucket(source),
    type: "physical" as const,
    bytes: check.base.backup_size,
    need: check.base.disk_size_bytes,
  };
}

export function external(
  input: Extract<RestoreInput, { kind: "external" }>,
  target: ServiceInfo,
): RestoreSource {
  if (target.cloudProvider === "azure") {
    throw badRequest(
      `${target.id} runs on azure, where restores come from snapshots only; restore the external backup into a gcp or aws service`,
    );
  }
  const type = input.method === "mysqldump" ? ("logical" as const) : ("physical" as const);
  return { backupId: input.file, bucket: input.bucket, type, bytes: EXTERNAL_BYTES, need: 0 };
}
