/**
 * Past restores for the demo: monthly drills of orders-prod into the scratch
 * service (the last 26 days ago), an older point-in-time drill of
 * payments-prod (75 days ago, so "not tested in the last 30 days"), and one
 * failed drill of inventory-prod. The backups they read are older than the
 * generated history, as real ones would be after the 7-day retention.
 */
import { floorDay } from "./format.js";
import type { Rng } from "./prng.js";
import { managedBucket } from "./restore-sources.js";
import type { RestoreRun } from "./restores.js";
import type { ScenarioRole } from "./scenarios.js";
import type { EmulatorState } from "./state.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../util/time.js";

interface Drill {
  daysAgo: number;
  source: ScenarioRole;
  pitr?: boolean;
  failure?: string;
}

const DRILLS: readonly Drill[] = [
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
];

export function seedRestoreHistory(state: EmulatorState, nowMs: number, rng: Rng): void {
  const targetId = state.scenarios.restoreTarget;
  const target = targetId === undefined ? undefined : state.service(targetId);
  if (target === undefined) return;
  for (const drill of DRILLS) {
    const sourceId = state.scenarios[drill.source];
    const source = sourceId === undefined ? undefined : state.service(sourceId);
    if (source === undefined || source.cloudProvider !== target.cloudProvider) continue;
    const createdMs =
      floorDay(nowMs - drill.daysAgo * DAY_MS) + 10 * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
    const outcome: RestoreRun["outcome"] =
      drill.failure === undefined
        ? { status: "Succeeded" }
        : { status: "Failed", message: drill.failure };
    state.restores.add({
      serviceId: target.id,
      serviceName: target.name,
      backupId: drill.pitr === true ? source.id : `${rng.hex(32)}:${source.id}:${source.serverPod}`,
      bucket: managedBucket(source),
      type: "physical",
      createdMs,
      endsMs: createdMs + rng.int(12, 45) * MINUTE_MS,
      outcome,
    });
  }
}
