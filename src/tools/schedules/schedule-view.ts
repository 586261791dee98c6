/**
 * How a schedule is shown: the API's fields plus what a model cannot work
 * out reliably on its own, the cron in plain words and the next three runs.
 */
import { shownId, type Schedule } from "../../api/records.js";
import { describeSchedule } from "../../cron/describe.js";
import { nextRuns } from "../../cron/fires.js";
import { apiTimeText } from "../../util/format.js";
import { quoted, shown } from "../../util/untrusted-text.js";

export interface ScheduleView extends Schedule {
  schedule_description?: string;
  next_runs?: string[];
}

export function viewSchedule(schedule: Schedule, now: Date): ScheduleView {
  const cron = schedule.schedule;
  if (typeof cron !== "string" || cron === "") return { ...schedule };
  return {
    ...schedule,
    schedule_description: describeSchedule(cron, now),
    // A suspended schedule makes no backups, so it has no next runs to show.
    next_runs: schedule.suspended ? [] : nextRuns(cron, now),
  };
}

function runsText(view: ScheduleView): string {
  if (view.suspended) return "SUSPENDED: makes no backups";
  if (!view.next_runs || view.next_runs.length === 0)
    return view.schedule === "once" ? "runs once" : "no upcoming runs";
  return `next ${view.next_runs.map((run) => apiTimeText(run)).join(", ")}`;
}

/** One line per schedule in lists. */
export function scheduleLine(view: ScheduleView): string {
  const what = view.schedule_description ? ` (${view.schedule_description})` : "";
  const service = view.service_id ? ` ${view.service_id}` : "";
  return `#${shownId(view)} ${view.type ?? "?"} "${view.schedule ?? "?"}"${what} ${view.status ?? ""} · ${runsText(view)}${service}`.replace(
    /\s+\u00b7/,
    " ·",
  );
}

/** A sentence for a single schedule: "Schedule #253 of db…: full backup "0 2 * * *" (every day at 02:00 UTC), Scheduled; next …" */
export function scheduleSentence(view: ScheduleView, verb = "Schedule"): string {
  const what = view.schedule_description ? ` (${view.schedule_description})` : "";
  let text = `${verb} #${shownId(view)} of ${view.service_id ?? "?"}: ${view.type ?? "?"} backup "${view.schedule ?? "?"}"${what}, ${view.status === undefined ? "status unknown" : shown(view.status)}; ${runsText(view)}.`;
  // The API's own message ("Backup is scheduled.") would contradict a suspended schedule.
  if (typeof view.message === "string" && view.message && !view.suspended)
    text += ` ${quoted(view.message)}`;
  const updated = view.updated_at ?? view.created_at;
  if (typeof updated === "string" && updated) text += ` Last changed ${apiTimeText(updated)}.`;
  return text;
}
