/** One service's summary for structuredContent: the numbers behind its findings. */
import { nextRuns } from "../cron/fires.js";
import { hoursBetween } from "../util/time.js";
import { isoSeconds } from "../util/format.js";
import type { ServiceTally } from "./service-tally.js";
import type { ControlResults, NextRun, ServiceSummary, Verdict } from "./types.js";

const NEXT_RUNS = 3;

export interface Outcome {
  status: Verdict;
  controls: ControlResults;
  known: boolean;
}

export function serviceSummary(t: ServiceTally, outcome: Outcome, now: Date): ServiceSummary {
  const w = t.window;
  const last = t.lastSuccess;
  const point = t.newestRestorable;
  return {
    service_id: t.serviceId,
    ...(t.name !== undefined && { service_name: t.name }),
    status: outcome.status,
    ...(!outcome.known && { known: false as const }),
    controls: outcome.controls,
    backups_total: t.total,
    ...(last && {
      last_success: {
        time: isoSeconds(last.at),
        type: last.type,
        age_hours: hoursBetween(last.at, now.getTime()),
        ...(last.id !== undefined && { id: last.id }),
      },
    }),
    ...(point && {
      last_restorable: {
        time: isoSeconds(point.at),
        age_hours: hoursBetween(point.at, now.getTime()),
        base_type: point.start.base.type,
        base_id: point.start.base.id,
      },
    }),
    window: {
      backups: w.backups,
      by_status: Object.fromEntries(w.byStatus),
      by_type: Object.fromEntries(w.byType),
      storage_bytes: w.storage,
    },
    ...(t.schedules && {
      schedules: {
        count: t.schedules.length,
        suspended: t.schedules.filter((s) => s.suspended).length,
        next_runs: upcoming(t, now),
      },
    }),
  };
}

/** The next few runs across the service's active schedules, soonest first. */
function upcoming(t: ServiceTally, now: Date): NextRun[] {
  const runs: NextRun[] = [];
  for (const s of t.schedules ?? []) {
    if (s.suspended || s.schedule === "") continue;
    for (const time of nextRuns(s.schedule, now, NEXT_RUNS)) {
      runs.push({ time, type: s.type, ...(s.id !== undefined && { schedule_id: s.id }) });
    }
  }
  return runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).slice(0, NEXT_RUNS);
}
