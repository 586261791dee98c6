import { z } from "zod";
import { defineTool, confirmationToken, scheduleId } from "../define.js";
import { deleteOutput } from "../outputs.js";
import { NOT_FOUND_SCHEDULE_HINT } from "./get-backup-schedule.js";
import {
  scheduleSentence,
  viewSchedule,
  fetchScopedSchedule,
  lossWarningsFor,
} from "./schedule-view.js";
import { scheduleFingerprint } from "../../safety/confirm.js";

export const deleteBackupSchedule = defineTool({
  name: "delete_backup_schedule",
  title: "Delete a backup schedule",
  description:
    "Delete a schedule so it makes no more backups. Previews first (confirmation_token). 409 while its backup runs.",
  kind: "delete",
  instruction: "delete_backup_schedule",
  input: z.strictObject({ id: scheduleId, confirmation_token: confirmationToken }),
  output: deleteOutput,
  unknownOutcomeHint:
    "Before repeating, check with get_backup_schedule (404 means it was deleted).",
  statusHints: {
    404: `${NOT_FOUND_SCHEDULE_HINT} After a confirmed delete, a 404 means the schedule is already gone.`,
    409: "A backup this schedule started is still running: wait for it to finish (list_backups with status=Running), then retry.",
  },
  async run({ id, confirmation_token }, ctx) {
    const fetched = await fetchScopedSchedule(id, ctx);
    const current = viewSchedule(fetched, ctx.now());
    const { warnings } = await lossWarningsFor(
      current.service_id,
      new Map([[String(id), undefined]]),
      ctx,
      [fetched],
    );
    const decision = await ctx.confirm({
      tool: "delete_backup_schedule",
      target: id,
      args: { id },
      // The consequences shown are part of what the user agreed to (e.g. "PITR ends").
      state: { schedule: scheduleFingerprint(fetched), warnings },
      stateLabel: `schedule #${id}`,
      token: confirmation_token,
      summary: `Delete backup schedule #${id} of ${current.service_id ?? "?"}: it will start no more backups.`,
      details: [`Current: ${scheduleSentence(current)}`, ...warnings.map((w) => `Warning: ${w}`)],
      preview: { id, deleted: false, current, ...(warnings.length > 0 && { warnings }) },
    });
    if (!decision.proceed) return decision.output;
    await ctx.api.deleteSchedule(id, { signal: ctx.signal });
    return {
      structured: { id, deleted: true, service_id: current.service_id },
      text: `Deleted backup schedule #${id} (${current.type ?? "?"} "${current.schedule ?? "?"}" of ${current.service_id ?? "?"}); it will start no more backups.`,
    };
  },
});
