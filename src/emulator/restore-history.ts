/**
 * Past restores for the demo: monthly drills of orders-prod into the scratch
 * service (the last 26 days ago), an older point-in-time drill of
 * payments-prod (75 days ago, so "not tested in the last 30 days"), one
 * failed drill of inventory-prod, and 3 days ago a restore of orders-prod's
 * newest full INTO inventory-prod: a production service whose data was
 * replaced by another service's, which the audit reports (restored_over).
 * The drills read backups past the 7-day retention, so their keys are made
 * up; the recent restore reads a backup that is still listed. They took as
 * long as restores take at the emulator's restore speed.
 */
import { floorDay, rfc3339 } from "./format.js";
import type { Rng } from "./prng.js";
import { managedBucket } from "./restore-sources.js";
import type { RestoreRun } from "./restores.js";
import type { ScenarioRole } from "./scenarios.js";
import type { EmulatorState } from "./state.js";
import type { ServiceInfo } from "./types.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../util/time.js";

/** Backups older than this have expired (the API keeps 7 days). */
const RETENTION_DAYS = 7;

interface PastRestore {
  daysAgo: number;
  source: ScenarioRole;
  /** The service restored into; the scratch service when not said. */
  target?: ScenarioRole;
  pitr?: boolean;
  failure?: string;
}

const RESTORES: readonly PastRestore[] = [
  { daysAgo: 88, source: "healthy" },
  { daysAgo: 75, source: "binlogGap", pitr: true },
  { daysAgo: 58, source: "healthy" },
  {
    daysAgo: 44,
    source: "failing",
    failure:
      "Restore has failed: mariabackup --prepare could not apply the redo log (the backup is damaged); restore an older backup",
  },
  { daysAgo: 26, source: "healthy" },
  { daysAgo: 3, source: "healthy", target: "failing" },
];

export function seedRestoreHistory(state: EmulatorState, nowMs: number, rng: Rng): void {
  const serviceOf = (role: ScenarioRole): ServiceInfo | undefined => {
    const id = state.scenarios[role];
    return id === undefined ? undefined : state.service(id);
  };
  for (const past of RESTORES) {
    const target = serviceOf(past.target ?? "restoreTarget");
    const source = serviceOf(past.source);
    if (target === undefined || source?.cloudProvider !== target.cloudProvider) continue;
    const createdMs =
      floorDay(nowMs - past.daysAgo * DAY_MS) + 10 * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
    const outcome: RestoreRun["outcome"] =
      past.failure === undefined
        ? { status: "Succeeded" }
        : { status: "Failed", message: past.failure };
    state.restores.add({
      serviceId: target.id,
      serviceName: target.name,
      backupId: past.pitr === true ? source.id : backupKey(state, source, createdMs, past, rng),
      bucket: managedBucket(source),
      type: "physical",
      createdMs,
      endsMs: createdMs + pastRunMs(rng.int(12, 45) * MINUTE_MS, state.restoreSpeedup),
      outcome,
    });
  }
}

/**
 * The past ran at the emulator's restore speed, as a restore started now does
 * (whole seconds, at least one): get_restore compares a running restore with
 * this history's median, and a 15-second demo restore set against a 23-minute
 * median made at real speed would read as a fast restore when it is not.
 */
function pastRunMs(simulatedMs: number, speedup: number): number {
  return speedup === 1
    ? simulatedMs
    : Math.max(1000, Math.round(simulatedMs / speedup / 1000) * 1000);
}

/** Within retention, the source's newest successful full before the restore; else an expired one's key. */
function backupKey(
  state: EmulatorState,
  source: ServiceInfo,
  createdMs: number,
  past: PastRestore,
  rng: Rng,
): string {
  if (past.daysAgo <= RETENTION_DAYS) {
    const before = rfc3339(createdMs);
    // Backups are sorted by start: read from the end, the first match is a day or so before it.
    const full = state.backups.findLast(
      (b) =>
        b.start_time < before &&
        b.service_id === source.id &&
        b.type === "full" &&
        b.status === "Succeeded",
    );
    if (full !== undefined) return full.id;
  }
  return `${rng.hex(32)}:${source.id}:${source.serverPod}`;
}
