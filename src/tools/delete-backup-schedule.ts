import { z } from "zod";
import { defineTool } from "./define.js";
import { scheduleId } from "./fields.js";
import { deleteOutput } from "./output.js";
import { NOT_FOUND_SCHEDULE_HINT } from "./get-backup-schedule.js";

export const deleteBackupSchedule = defineTool({
  name: "delete_backup_schedule",
  title: "Delete a backup schedule",
  description:
    "Delete a backup schedule by id so it makes no more backups. Fails with 409 while a backup it started is running.",
  kind: "delete",
  input: z.strictObject({ id: scheduleId }),
  output: deleteOutput,
  statusHints: {
    404: NOT_FOUND_SCHEDULE_HINT,
    409: "A backup this schedule started is still running: wait for it to finish (list_backups with status=Running), then retry.",
  },
  async run(args, { api, signal }) {
    await api.deleteSchedule(args.id, { signal });
    return {
      structured: { id: args.id, deleted: true },
      text: `Deleted backup schedule #${args.id}; it will start no more backups.`,
    };
  },
});
