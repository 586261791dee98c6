import { DAY_MS } from "../util/time.js";
import type { Rng } from "./prng.js";
import type { Plan } from "./scenarios.js";
import type { EmulatorState } from "./state.js";
import type { ServiceInfo } from "./types.js";
import type { BackupType } from "../api/schemas.js";

/** The schedules a service gets by default; they match the cadence in timeline.ts. */
function defaultSchedules(svc: ServiceInfo, weeklyDump: boolean): [BackupType, string][] {
  if (svc.cloudProvider === "azure") return [["snapshot", "0 */4 * * *"]];
  const list: [BackupType, string][] = [
    ["full", "0 2 * * *"],
    ["incremental", "0 */6 * * *"],
    ["binarylog", "0 * * * *"],
  ];
  if (weeklyDump) list.push(["dump", "0 3 * * 0"]);
  return list;
}

/** Adds the plan's schedules with consecutive ids (counter shared across services). */
export function seedSchedules(
  state: EmulatorState,
  svc: ServiceInfo,
  plan: Plan,
  rng: Rng,
  ids: { next: number },
): void {
  if (plan.schedules === "none") return;
  const createdMs = plan.profile.fromMs - rng.int(1, 120) * DAY_MS;
  for (const [type, schedule] of defaultSchedules(svc, plan.profile.weeklyDump)) {
    if (plan.schedules === "noFull" && type === "full") continue;
    const suspended = plan.schedules === "suspended";
    state.addSchedule(
      {
        svc,
        type,
        schedule,
        createdMs,
        suspended,
        updatedMs: suspended ? plan.changedAtMs : undefined,
      },
      ids.next,
    );
    ids.next += 1;
  }
}
