/**
 * What POST /restores checks against the state, and what the accepted
 * restore will do: which backup it reads, how long it runs, how it ends.
 * Refusals are 400s that say what to send instead (the spec lists only 400
 * and 500). Rules follow RESTORES-NOTES.md §2: managed backups restore only
 * within their cloud provider, a point in time needs unbroken binlogs from a
 * base backup, Azure takes snapshots only.
 */
import { restoreDiskBytes } from "./backup-factory.js";
import { badRequest, quote } from "./errors.js";
import { humanBytes, pointInTime, rfc3339 } from "./format.js";
import { checkPoint } from "./pitr.js";
import type { RestoreInput } from "./restore-input.js";
import type { RestoreRun } from "./restores.js";
import type { EmulatorState } from "./state.js";
import type { Backup, ServiceInfo } from "./types.js";
import { MINUTE_MS } from "../util/time.js";

const MB = 1_000_000;
/** Simulated restore speed: a fixed start-up plus the data at 100 MB/s, before the speed-up. */
const STARTUP_MS = 2 * MINUTE_MS;
const BYTES_PER_SECOND = 100 * MB;
/** An external file's size is unknown to the emulator; assume this much. */
const EXTERNAL_BYTES = 10_000 * MB;
/** A restore that cannot fit fails this far into its run. */
const FAIL_AT = 0.2;
const LOOKUP_HINT = "GET /skybackup/v1/restores/pointintime/lookup";

export type RestoreDraft = Omit<RestoreRun, "id">;

/** The disk a service has to restore into: its own, unless the dataset gave it more. */
const diskOf = (svc: ServiceInfo): number => svc.diskBytes ?? restoreDiskBytes(svc.dataBytes);

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

function findTarget(state: EmulatorState, targetId: string, nowMs: number): ServiceInfo {
  const target = state.service(targetId);
  if (target === undefined) {
    throw badRequest(
      `target service ${quote(targetId)} not found: service_id must be an existing service to restore into`,
    );
  }
  const running = state.restores.runningOn(target.id, nowMs);
  if (running !== undefined) {
    throw badRequest(
      `service ${target.id} already has restore ${running.id} running (started ${rfc3339(running.createdMs)}); wait for it to finish, or cancel it with DELETE /skybackup/v1/restores/${running.id}`,
    );
  }
  return target;
}

/** The disk check: a backup needing more than the target has ends Failed, not refused up front. */
function outcomeFor(
  need: number,
  target: ServiceInfo,
  runMs: number,
): Pick<RestoreDraft, "outcome"> & { runMs: number } {
  const have = diskOf(target);
  if (need <= have) return { outcome: { status: "Succeeded" }, runMs };
  const message = `Restore has failed: the backup needs ${humanBytes(need)} of disk but ${target.id} has ${humanBytes(have)}; scale up ${target.id}'s storage or restore into a larger service`;
  return { outcome: { status: "Failed", message }, runMs: runMs * FAIL_AT };
}

function managed(state: EmulatorState, backupId: string, target: ServiceInfo) {
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

function pitr(
  state: EmulatorState,
  input: Extract<RestoreInput, { kind: "pitr" }>,
  target: ServiceInfo,
) {
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

function external(input: Extract<RestoreInput, { kind: "external" }>, target: ServiceInfo) {
  if (target.cloudProvider === "azure") {
    throw badRequest(
      `${target.id} runs on azure, where restores come from snapshots only; restore the external backup into a gcp or aws service`,
    );
  }
  const type = input.method === "mysqldump" ? ("logical" as const) : ("physical" as const);
  return { backupId: input.file, bucket: input.bucket, type, bytes: EXTERNAL_BYTES, need: 0 };
}

export function planRestore(state: EmulatorState, input: RestoreInput): RestoreDraft {
  const nowMs = state.now().getTime();
  const target = findTarget(state, input.targetId, nowMs);
  const what =
    input.kind === "managed"
      ? managed(state, input.backupId, target)
      : input.kind === "pitr"
        ? pitr(state, input, target)
        : external(input, target);
  const fullRunMs = (STARTUP_MS + (what.bytes / BYTES_PER_SECOND) * 1000) / state.restoreSpeedup;
  const { outcome, runMs } = outcomeFor(what.need, target, fullRunMs);
  return {
    serviceId: target.id,
    serviceName: target.name,
    backupId: what.backupId,
    bucket: what.bucket,
    type: what.type,
    createdMs: nowMs,
    // Whole seconds, at least one, so a restore is always seen Running first.
    endsMs: nowMs + Math.max(1000, Math.round(runMs / 1000) * 1000),
    outcome,
  };
}
