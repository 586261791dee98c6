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
import { humanBytes, rfc3339 } from "./format.js";
import type { RestoreInput } from "./restore-input.js";
import { external, managed, pitr } from "./restore-sources.js";
import type { RestoreRun } from "./restores.js";
import type { EmulatorState } from "./state.js";
import type { ServiceInfo } from "./types.js";
import { MINUTE_MS } from "../util/time.js";

const MB = 1_000_000;
/** Simulated restore speed: a fixed start-up plus the data at 100 MB/s, before the speed-up. */
const STARTUP_MS = 2 * MINUTE_MS;
const BYTES_PER_SECOND = 100 * MB;
/** A restore that cannot fit fails this far into its run. */
const FAIL_AT = 0.2;

export type RestoreDraft = Omit<RestoreRun, "id">;

/** The disk a service has to restore into: its own, unless the dataset gave it more. */
const diskOf = (svc: ServiceInfo): number => svc.diskBytes ?? restoreDiskBytes(svc.dataBytes);

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
