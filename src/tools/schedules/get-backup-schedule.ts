import { z } from "zod";
import { defineTool, scheduleId } from "../define.js";
import { scheduleOutput } from "../outputs.js";
import { scheduleSentence, viewSchedule, fetchScopedSchedule } from "./schedule-view.js";

export const NOT_FOUND_SCHEDULE_HINT =
  "list_backup_schedules (with the service_id) shows which schedule ids exist.";

export const getBackupSchedule = defineTool({
  name: "get_backup_schedule",
  title: "Get a backup schedule",
  description: "One backup schedule by id: service, type, cron in words, next runs, suspended.",
  kind: "read",
  instruction: "One schedule by id: get_backup_schedule.",
  input: z.strictObject({ id: scheduleId }),
  output: scheduleOutput,
  statusHints: { 404: NOT_FOUND_SCHEDULE_HINT },
  async run(args, ctx) {
    const schedule = viewSchedule(await fetchScopedSchedule(args.id, ctx), ctx.now());
    return { structured: { ...schedule }, text: scheduleSentence(schedule) };
  },
});
