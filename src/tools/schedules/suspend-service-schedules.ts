/**
 * "Pause backups of X for maintenance" in one confirmed call: suspends (or
 * resumes) every recurring schedule of a service. Each schedule is its own
 * PATCH; a failure stops the run and the result says exactly which changed,
 * which failed and which were not tried. Nothing is retried blindly.
 */
import { shownId, type Schedule } from "../../api/records.js";
import { z } from "zod";
import { ApiError } from "../../api/errors.js";
import { schedulesFingerprint } from "../../safety/confirm.js";
import { listAllSchedules, requireKnownService } from "../lookups.js";
import { defineTool, confirmationToken, serviceId, type ToolContext } from "../define.js";
import { suspendOutput } from "../outputs.js";
import { ID_RULES } from "../../util/ids.js";
import {
  splitForResume,
  suspendedSince,
  lossWarnings,
  scheduleLine,
  viewSchedule,
} from "./schedule-view.js";
import { PartialWriteError, ToolError } from "../../util/tool-error.js";
import { isSendableId } from "../../util/ids.js";

export const suspendServiceSchedules = defineTool({
  name: "suspend_service_schedules",
  title: "Suspend or resume all schedules of a service",
  description:
    "Pause or resume every recurring schedule of one service, e.g. for maintenance. A resume undoes the last pause only (schedule_ids: the pause's resume_with). Previews first (confirmation_token).",
  kind: "update",
  instruction: "suspend_service_schedules (pause/resume all of a service's schedules in one call)",
  input: z.strictObject({
    service_id: serviceId,
    suspended: z.boolean().describe("true pauses all, false resumes"),
    schedule_ids: z
      .array(ID_RULES.schedule)
      .min(1)
      .max(100)
      .optional()
      .describe("Resume only these; default: those the last pause suspended"),
    confirmation_token: confirmationToken,
  }),
  output: suspendOutput,
  unknownOutcomeHint:
    "Before repeating, check list_backup_schedules for the service: some schedules may have changed.",
  async run({ service_id, suspended, schedule_ids, confirmation_token }, ctx) {
    ctx.scope.check(service_id);
    if (suspended && schedule_ids !== undefined)
      throw new ToolError(
        "schedule_ids chooses what a resume (suspended: false) undoes; a pause covers every recurring schedule. Nothing was changed.",
      );
    const schedules = await listAllSchedules(service_id, ctx);
    if (schedules.length === 0) {
      await requireKnownService(service_id, ctx, "Nothing was changed.");
      throw new ToolError(
        `${service_id} has no backup schedules, so there is nothing to ${suspended ? "suspend" : "resume"}. Nothing was changed.`,
      );
    }
    const recurring = schedules.filter((s) => s.schedule !== "once");
    if (recurring.length === 0) {
      throw new ToolError(
        `${service_id} has only one-time (once) schedules, which cannot be suspended or resumed. Nothing was changed.`,
      );
    }
    refuseForeignIds(schedule_ids, recurring, service_id);
    const changing = recurring.filter((s) => s.suspended !== suspended);
    // A resume undoes one pause: anything suspended before it stays suspended unless named.
    const { resume, keep } = suspended
      ? { resume: changing, keep: [] }
      : splitForResume(changing, schedule_ids);
    // Ids come from the API: one that fails the id rules (a whole number 1-2147483647) cannot
    // be addressed, so it is reported, never sent.
    const targets = resume.filter((s) => isSendableId("schedule", s.id));
    const odd = resume.filter((s) => !isSendableId("schedule", s.id));
    const alreadyRecords = recurring.filter((s) => s.suspended === suspended);
    const already = alreadyRecords.map(shownId);
    // structuredContent's ids are whole numbers, as the tools take them; the API's odd ones apart.
    const unchanged = wholeIds(alreadyRecords);
    const invalid = recurring.filter((s) => !isSendableId("schedule", s.id)).map(shownId);
    const onceIds = schedules.filter((s) => s.schedule === "once").map(shownId);
    const verb = suspended ? "Suspend" : "Resume";
    const state = suspended ? "suspended" : "active";
    const keptLine = keep.length > 0 ? [keptText(keep, schedule_ids !== undefined)] : [];
    const kept = wholeIds(keep);
    if (targets.length === 0) {
      if (odd.length > 0)
        throw new ToolError(
          `the schedules of ${service_id} that would change have ids that are not valid schedule ids (whole numbers 1-2147483647), so they cannot be addressed. Nothing was changed.`,
        );
      return {
        structured: {
          service_id,
          suspended,
          changed: [],
          unchanged,
          ...(invalid.length > 0 && { invalid_ids: invalid }),
          ...(kept.length > 0 && { kept_suspended: kept }),
        },
        text: [
          keep.length === 0
            ? `No change: all ${recurring.length} recurring schedules of ${service_id} are already ${state}.`
            : schedule_ids !== undefined
              ? `No change: schedule_ids #${schedule_ids.join(", #")} of ${service_id} are already active.`
              : `No change: the API gives no date for any suspension of ${service_id}, so the last pause cannot be told from one made on purpose.`,
          ...keptLine,
        ].join("\n"),
      };
    }
    const warnings = lossWarnings(
      service_id,
      schedules,
      new Map(targets.map((s) => [String(s.id ?? "?"), { suspended }])),
    );
    const now = ctx.now();
    const alreadyText = suspended
      ? alreadyRecords.map(suspendedSince).join(", ")
      : `#${already.join(", #")}`;
    const decision = await ctx.confirm({
      tool: "suspend_service_schedules",
      target: service_id,
      args: { service_id, suspended, schedule_ids },
      state: schedulesFingerprint(schedules),
      stateLabel: `the schedules of ${service_id}`,
      token: confirmation_token,
      summary: `${verb} ${targets.length} schedule(s) of ${service_id}${suspended ? ": they make no backups until resumed" : ""}.`,
      details: [
        ...targets.map((s) => `- ${scheduleLine(viewSchedule(s, now))}`),
        ...(already.length > 0 ? [`Already ${state}: ${alreadyText}.`] : []),
        ...keptLine,
        ...(onceIds.length > 0
          ? [`One-time schedules left as they are: #${onceIds.join(", #")}.`]
          : []),
        ...(odd.length > 0
          ? [`Left out, their ids are not valid schedule ids: ${odd.map(shownId).join(", ")}.`]
          : []),
        ...warnings.map((w) => `Warning: ${w}`),
      ],
      preview: {
        service_id,
        suspended,
        to_change: wholeIds(targets),
        unchanged,
        ...(invalid.length > 0 && { invalid_ids: invalid }),
        ...(kept.length > 0 && { kept_suspended: kept }),
        ...(warnings.length > 0 && { warnings }),
      },
    });
    if (!decision.proceed) return decision.output;
    const changed = await applyAll(targets, suspended, service_id, ctx);
    return {
      structured: {
        service_id,
        suspended,
        changed,
        unchanged,
        ...(invalid.length > 0 && { invalid_ids: invalid }),
        ...(kept.length > 0 && { kept_suspended: kept }),
        // The server keeps no state: the pause's own result says how to undo exactly it.
        ...(suspended && {
          resume_with: { service_id, suspended: false, schedule_ids: changed },
        }),
        ...(warnings.length > 0 && { warnings }),
      },
      text: [
        `${suspended ? "Suspended" : "Resumed"} ${changed.length} schedule(s) of ${service_id}: #${changed.join(", #")}.` +
          (suspended
            ? ` To undo exactly this pause, resume with suspended: false, schedule_ids: [${changed.join(", ")}].`
            : ""),
        ...(suspended && already.length > 0
          ? [`Already suspended before this pause, and left so by that resume: ${alreadyText}.`]
          : []),
        ...keptLine,
        ...warnings.map((w) => `Warning: ${w}`),
      ].join("\n"),
    };
  },
});

/** Strict with input: an id that is not one of the service's recurring schedules is a mistake. */
function refuseForeignIds(
  asked: readonly number[] | undefined,
  recurring: readonly Schedule[],
  serviceId: string,
): void {
  if (asked === undefined) return;
  const mine = new Set(recurring.map((s) => String(s.id)));
  const foreign = asked.filter((id) => !mine.has(String(id)));
  if (foreign.length > 0)
    throw new ToolError(
      `schedule_ids #${foreign.join(", #")} ${foreign.length === 1 ? "is not a recurring schedule" : "are not recurring schedules"} of ${serviceId} (list_backup_schedules shows them). Nothing was changed.`,
    );
}

/** The suspended schedules a resume leaves, each with the date it was suspended. */
function keptText(keep: readonly Schedule[], byIds: boolean): string {
  const why = byIds
    ? "not in schedule_ids"
    : "suspended before the last pause, so on purpose; name them in schedule_ids to resume them";
  return `Left suspended (${why}): ${keep.map(suspendedSince).join(", ")}.`;
}

/** The schedules' ids as the tools take them; one the API wrote otherwise is in invalid_ids. */
const wholeIds = (records: readonly Schedule[]): number[] =>
  records.flatMap((s) => (s.id === undefined ? [] : [s.id]));

/** One PATCH per schedule, in order; the first failure stops the run and reports all three lists. */
async function applyAll(
  targets: readonly Schedule[],
  suspended: boolean,
  serviceId: string,
  ctx: ToolContext,
): Promise<number[]> {
  const changed: number[] = [];
  for (const [index, schedule] of targets.entries()) {
    const id = Number(schedule.id);
    try {
      await ctx.api.updateSchedule(id, { suspended }, { signal: ctx.signal });
      changed.push(id);
    } catch (error) {
      const rest = targets.slice(index + 1).map((s) => `#${shownId(s)}`);
      const unknown = error instanceof ApiError && error.outcomeUnknown;
      const why = error instanceof Error ? error.message : String(error);
      const hint = error instanceof ApiError ? error.hint : undefined;
      throw new PartialWriteError(
        [
          `stopped at schedule #${id} of ${serviceId}: ${why}.`,
          `Changed: ${changed.length > 0 ? `#${changed.join(", #")}` : "none"}.`,
          `#${id}: ${unknown ? "outcome unknown (check it with get_backup_schedule)" : "not changed"}.`,
          `Not tried: ${rest.length > 0 ? rest.join(", ") : "none"}.`,
          "Nothing was retried; check list_backup_schedules before calling again.",
          ...(hint ? [hint] : []),
        ].join(" "),
      );
    }
  }
  return changed;
}
