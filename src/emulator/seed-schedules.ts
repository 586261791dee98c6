import { DAY_MS } from "../util/time.js";
import type { Rng } from "./prng.js";
import type { Plan } from "./scenarios.js";
import { OFFICE_HOURS } from "./timeline.js";
import type { EmulatorState } from "./state.js";
import type { ServiceInfo } from "./types.js";
import type { BackupType } from "../api/records.js";

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

/**
 * The schedules cut to office hours: every-day crons run Monday to Friday, binlogs within
 * OFFICE_HOURS; one that runs on a set weekday (the Sunday dump) is dropped.
 */
function officeHours(list: [BackupType, string][]): [BackupType, string][] {
  const { from, to } = OFFICE_HOURS;
  return list
    .filter(([, cron]) => cron.endsWith(" *"))
    .map(([type, cron]) => [
      type,
      type === "binarylog" ? `0 ${from}-${to} * * 1-5` : `${cron.slice(0, -1)}1-5`,
    ]);
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
  const defaults = defaultSchedules(svc, plan.profile.weeklyDump);
  const cut = plan.profile.officeHoursFromMs !== undefined;
  for (const [type, schedule] of cut ? officeHours(defaults) : defaults) {
    if (plan.schedules === "noFull" && type === "full") continue;
    const suspended = plan.schedules === "suspended";
    state.addSchedule(
      {
        svc,
        type,
        schedule,
        createdMs,
        suspended,
        updatedMs: plan.changedAtMs,
      },
      ids.next,
    );
    ids.next += 1;
  }
}
