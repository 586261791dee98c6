/**
 * "Pause backups of X for maintenance" in one confirmed call: suspends (or
 * resumes) every recurring schedule of a service. Each schedule is its own
 * PATCH; a failure stops the run and the result says exactly which changed,
 * which failed and which were not tried. Nothing is retried blindly.
 */
import { z } from "zod";
import type { Schedule } from "../../api/schemas.js";
import { ApiError } from "../../api/errors.js";
import { schedulesFingerprint } from "../../safety/fingerprint.js";
import { listAllSchedules } from "../all-schedules.js";
import { defineTool, type ToolContext } from "../define.js";
import { confirmationToken, serviceId } from "../fields.js";
import { lossWarnings } from "./schedule-consequences.js";
import { scheduleLine, viewSchedule } from "./schedule-view.js";
import { PartialWriteError, ToolError } from "../../util/tool-error.js";
import { requireKnownService } from "../known-service.js";
import { isSendableId } from "../../util/ids.js";

const ids = z.array(z.union([z.number(), z.string()]));

export const suspendServiceSchedules = defineTool({
  name: "suspend_service_schedules",
  title: "Suspend or resume all schedules of a service",
  description:
    "Pause (suspended: true) or resume (false) every recurring schedule of one service, e.g. for maintenance. Returns a preview and confirmation_token first; repeat with the token once the user agrees.",
  kind: "update",
  instruction: "suspend_service_schedules (pause/resume all of a service's schedules in one call)",
  input: z.strictObject({
    service_id: serviceId,
    suspended: z.boolean().describe("true pauses all, false resumes all"),
    confirmation_token: confirmationToken,
  }),
  output: z.looseObject({ service_id: z.string(), changed: ids.optional() }),
  unknownOutcomeHint:
    "Before repeating, check list_backup_schedules for the service: some schedules may have changed.",
  async run({ service_id, suspended, confirmation_token }, ctx) {
    ctx.scope.check(service_id);
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
    // Ids come from the API: one that fails the id rules (a whole number 1-2147483647) cannot
    // be addressed, so it is reported, never sent.
    const changing = recurring.filter((s) => s.suspended !== suspended);
    const targets = changing.filter((s) => isSendableId("schedule", s.id));
    const odd = changing.filter((s) => !isSendableId("schedule", s.id));
    const already = recurring.filter((s) => s.suspended === suspended).map((s) => s.id ?? "?");
    const onceIds = schedules.filter((s) => s.schedule === "once").map((s) => s.id ?? "?");
    const verb = suspended ? "Suspend" : "Resume";
    const state = suspended ? "suspended" : "active";
    if (targets.length === 0) {
      if (odd.length > 0)
        throw new ToolError(
          `the schedules of ${service_id} that would change have ids that are not valid schedule ids (whole numbers 1-2147483647), so they cannot be addressed. Nothing was changed.`,
        );
      return {
        structured: { service_id, suspended, changed: [], unchanged: already },
        text: `No change: all ${recurring.length} recurring schedules of ${service_id} are already ${state}.`,
      };
    }
    const warnings = lossWarnings(
      service_id,
      schedules,
      new Map(targets.map((s) => [String(s.id ?? "?"), { suspended }])),
    );
    const now = ctx.now();
    const decision = await ctx.confirm({
      tool: "suspend_service_schedules",
      target: service_id,
      args: { service_id, suspended },
      state: schedulesFingerprint(schedules),
      stateLabel: `the schedules of ${service_id}`,
      token: confirmation_token,
      summary: `${verb} ${targets.length} schedule(s) of ${service_id}${suspended ? ": they make no backups until resumed" : ""}.`,
      details: [
        ...targets.map((s) => `- ${scheduleLine(viewSchedule(s, now))}`),
        ...(already.length > 0 ? [`Already ${state}: #${already.join(", #")}.`] : []),
        ...(onceIds.length > 0
          ? [`One-time schedules left as they are: #${onceIds.join(", #")}.`]
          : []),
        ...(odd.length > 0
          ? [
              `Left out, their ids are not valid schedule ids: ${odd.map((s) => JSON.stringify(s.id ?? null)).join(", ")}.`,
            ]
          : []),
        ...warnings.map((w) => `Warning: ${w}`),
      ],
      preview: {
        service_id,
        suspended,
        to_change: targets.map((s) => s.id ?? "?"),
        unchanged: already,
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
        unchanged: already,
        ...(warnings.length > 0 && { warnings }),
      },
      text: [
        `${suspended ? "Suspended" : "Resumed"} ${changed.length} schedule(s) of ${service_id}: #${changed.join(", #")}.` +
          (suspended ? " Resume them with suspended: false." : ""),
        ...warnings.map((w) => `Warning: ${w}`),
      ].join("\n"),
    };
  },
});

/** One PATCH per schedule, in order; the first failure stops the run and reports all three lists. */
async function applyAll(
  targets: readonly Schedule[],
  suspended: boolean,
  serviceId: string,
  ctx: ToolContext,
): Promise<Array<number | string>> {
  const changed: Array<number | string> = [];
  for (const [index, schedule] of targets.entries()) {
    const id = Number(schedule.id);
    try {
      await ctx.api.updateSchedule(id, { suspended }, { signal: ctx.signal });
      changed.push(id);
    } catch (error) {
      const rest = targets.slice(index + 1).map((s) => `#${String(s.id ?? "?")}`);
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
