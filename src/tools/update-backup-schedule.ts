import { z } from "zod";
import { defineTool } from "./define.js";
import { backupType, schedule, scheduleId } from "./fields.js";
import { scheduleOutput } from "./output.js";
import { describeSchedule } from "./describe-schedule.js";
import { NOT_FOUND_SCHEDULE_HINT } from "./get-backup-schedule.js";

export const updateBackupSchedule = defineTool({
  name: "update_backup_schedule",
  title: "Update a backup schedule",
  description:
    "Change a schedule's backup_type or cron, or suspend/resume it (suspended: true/false). " +
    "One-time (once) schedules cannot be changed. Returns the updated schedule.",
  kind: "update",
  input: z
    .strictObject({
      id: scheduleId,
      backup_type: backupType.optional().describe("New backup type"),
      schedule: schedule.optional(),
      suspended: z.boolean().optional().describe("true pauses the schedule, false resumes it"),
    })
    .refine(
      (args) =>
        args.backup_type !== undefined ||
        args.schedule !== undefined ||
        args.suspended !== undefined,
      "give at least one of backup_type, schedule or suspended",
    ),
  output: scheduleOutput,
  statusHints: {
    404: NOT_FOUND_SCHEDULE_HINT,
    400: "One-time (once) schedules cannot be changed: delete it and create a new one instead.",
  },
  async run({ id, ...changes }, { api, signal }) {
    const updated = await api.updateSchedule(id, changes, { signal });
    return { structured: { ...updated }, text: describeSchedule(updated, "Updated schedule") };
  },
});
