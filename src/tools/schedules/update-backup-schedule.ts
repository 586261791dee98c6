import { z } from "zod";
import { defineTool, backupType, confirmationToken, schedule, scheduleId } from "../define.js";
import { updateOutput } from "../outputs.js";
import {
  scheduleSentence,
  viewSchedule,
  overlapWarnings,
  lossWarningsFor,
  fetchScopedSchedule,
  type ScheduleView,
} from "./schedule-view.js";
import { scheduleFingerprint } from "../../safety/confirm.js";
import type { Schedule } from "../../api/records.js";
import { describeSchedule as describeCron } from "../../cron/describe.js";
import { NOT_FOUND_SCHEDULE_HINT } from "./get-backup-schedule.js";
import { ToolError } from "../../util/tool-error.js";
import { FREQUENT_ADVICE, frequentBaseProblem } from "../../cron/parse.js";

const CHANGEABLE = ["backup_type", "schedule", "suspended"] as const;

export const updateBackupSchedule = defineTool({
  name: "update_backup_schedule",
  title: "Update a backup schedule",
  description:
    "Change a schedule's backup_type or cron, or suspend/resume it; once-schedules cannot change. Previews first (confirmation_token).",
  kind: "update",
  instruction: "update_backup_schedule (type, cron, suspend/resume)",
  input: z
    .strictObject({
      id: scheduleId,
      backup_type: backupType.optional().describe("New backup type"),
      schedule: schedule
        .refine(
          (value) => value !== "once",
          'a schedule cannot be changed to "once"; for one backup now use create_backup_schedule with schedule "once"',
        )
        .optional()
        .describe('New 5-field UTC cron, e.g. "0 2 * * *"'),
      suspended: z.boolean().optional().describe("true pauses, false resumes"),
      allow_frequent: z.boolean().optional().describe("Allow full/dump/snapshot more than hourly"),
      confirmation_token: confirmationToken,
    })
    .refine(
      (args) => CHANGEABLE.some((field) => args[field] !== undefined),
      "give at least one of backup_type, schedule or suspended",
    ),
  output: updateOutput,
  unknownOutcomeHint:
    "Before repeating, check the schedule with get_backup_schedule: the change may have been applied.",
  statusHints: { 404: NOT_FOUND_SCHEDULE_HINT },
  async run({ id, confirmation_token, allow_frequent, ...requested }, ctx) {
    const fetched = await fetchScopedSchedule(id, ctx);
    const current = viewSchedule(fetched, ctx.now());
    if (current.schedule === "once") {
      throw new ToolError(
        `schedule #${id} is one-time (once) and cannot be changed; delete it and create a new one instead. Nothing was changed.`,
      );
    }
    const before = {
      backup_type: current.type,
      schedule: current.schedule,
      // The API may leave suspended out; then the current state is unknown and a request always counts.
      suspended: current.suspended,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of CHANGEABLE) {
      const to = requested[field];
      if (to !== undefined && to !== before[field]) changes[field] = { from: before[field], to };
    }
    if (Object.keys(changes).length === 0) {
      return {
        structured: { ...current, changed: false },
        text: `No change: ${scheduleSentence(current)}`,
      };
    }
    const frequent =
      (changes.backup_type || changes.schedule) &&
      frequentBaseProblem(
        requested.backup_type ?? current.type,
        requested.schedule ?? current.schedule,
      );
    if (frequent && allow_frequent !== true) {
      throw new ToolError(`${frequent}. Nothing was changed. ${FREQUENT_ADVICE}`);
    }
    const changeText = Object.entries(changes).map(
      ([field, c]) => `${field}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`,
    );
    const after = {
      type: requested.backup_type ?? current.type,
      suspended: requested.suspended ?? current.suspended,
    };
    const { warnings: losses, schedules } = await lossWarningsFor(
      current.service_id,
      new Map([[String(id), after]]),
      ctx,
      [fetched],
    );
    const warnings = [...losses, ...clashesAfter(id, current, requested, schedules, ctx.now())];
    const newCron = requested.schedule;
    const decision = await ctx.confirm({
      tool: "update_backup_schedule",
      target: id,
      args: { id, ...requested, allow_frequent },
      // The losses shown are part of what the user agreed to (e.g. "PITR ends").
      state: { schedule: scheduleFingerprint(fetched), losses },
      stateLabel: `schedule #${id}`,
      token: confirmation_token,
      summary: `Update backup schedule #${id} of ${current.service_id ?? "?"}: ${changeText.join(", ")}.`,
      details: [
        `Current: ${scheduleSentence(current)}`,
        ...(newCron ? [`New cron "${newCron}" = ${describeCron(newCron, ctx.now())}.`] : []),
        ...warnings.map((w) => `Warning: ${w}`),
      ],
      preview: { id, current, changes, ...(warnings.length > 0 && { warnings }) },
    });
    if (!decision.proceed) return decision.output;
    const body = Object.fromEntries(
      Object.entries(requested).filter(([, value]) => value !== undefined),
    );
    const updated = await ctx.api.updateSchedule(id, body, { signal: ctx.signal });
    const view = viewSchedule(updated, ctx.now());
    return {
      structured: { ...view, changed: true, ...(warnings.length > 0 && { warnings }) },
      text: [
        scheduleSentence(view, "Updated schedule"),
        ...warnings.map((w) => `Warning: ${w}`),
      ].join("\n"),
    };
  },
});

/** Same-minute clashes with the service's other schedules of the same type, once the change is applied. */
function clashesAfter(
  id: number,
  current: ScheduleView,
  requested: { schedule?: string; suspended?: boolean; backup_type?: string },
  schedules: readonly Schedule[],
  now: Date,
): string[] {
  const cron = requested.schedule ?? current.schedule;
  const active = !(requested.suspended ?? current.suspended ?? false);
  if (!cron || cron === "once" || !active) return [];
  const timesChange =
    requested.schedule !== undefined ||
    requested.backup_type !== undefined ||
    requested.suspended === false;
  if (!timesChange) return [];
  const others = schedules.filter((s) => String(s.id) !== String(id));
  return overlapWarnings(cron, requested.backup_type ?? current.type, others, now);
}
