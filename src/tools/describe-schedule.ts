import type { Schedule } from "../api/schemas.js";

/** "Schedule #253 of dbtgf28216706: full backup, "0 2 * * *" (UTC), Scheduled, active. Updated ..." */
export function describeSchedule(schedule: Schedule, verb = "Schedule"): string {
  const when =
    schedule.schedule === "once" ? "one time (once)" : `"${schedule.schedule ?? "?"}" (UTC)`;
  const parts = [
    `${verb} #${schedule.id ?? "?"} of ${schedule.service_id ?? "?"}: ${schedule.type ?? "?"} backup, ${when}`,
    schedule.status ?? "status unknown",
    schedule.suspended ? "SUSPENDED (makes no backups)" : "active",
  ];
  let text = parts.join(", ") + ".";
  if (typeof schedule.message === "string" && schedule.message) text += ` ${schedule.message}`;
  const updated = schedule.updated_at ?? schedule.created_at;
  if (typeof updated === "string" && updated) text += ` Last changed ${updated}.`;
  return text;
}
