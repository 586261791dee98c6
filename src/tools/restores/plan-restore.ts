import { z } from "zod";
import { ApiError } from "../../api/errors.js";
import type { Backup } from "../../api/records.js";
import { backupKey, backupPages } from "../../paging/account.js";
import { fetchAllPages } from "../../paging/fetch-all.js";
import {
  futureTargetProblem,
  planRestore,
  planText,
  targetText,
  targetReport,
  type RestorePlan,
  type TargetFacts,
  type TargetReport,
} from "../../recovery/planner.js";
import { requireKnownService, restoredAt } from "../lookups.js";
import { defineTool, serviceId, type ToolContext } from "../define.js";
import { planOutput } from "../outputs.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";
import { isTimeInput, parseTimeInput, TIME_INPUT_HELP } from "../../util/time.js";
import { ToolError } from "../../util/tool-error.js";

const TARGET_HELP = `target_time must be "latest" or ${TIME_INPUT_HELP}`;

const targetTime = z
  .string()
  .max(40)
  .refine((value) => value === "latest" || isTimeInput(value), TARGET_HELP)
  .describe('"latest", RFC 3339, "2026-11-26 14:05[:00]" (UTC), or -2h');

export const planRestoreTool = defineTool({
  name: "plan_restore",
  title: "Plan a point-in-time restore",
  description:
    "Can a service be restored to a moment? Gives the reachable point and the ordered backup ids, " +
    "or why not (e.g. a binary-log gap) and the nearest restorable points. Plans only; never restores.",
  kind: "read",
  prompts: [
    {
      name: "plan-restore",
      title: "Plan a restore to a point in time",
      description: "Can this service be restored to that moment, and with which backups",
      args: {
        service_id: "Service id, e.g. dbtgf28216706",
        target_time: 'UTC time, e.g. "2026-11-26 14:05:00", or "latest"',
      },
      message: ({ service_id, target_time }) =>
        `Use plan_restore for ${service_id} at ${target_time} (UTC). Tell me whether that moment is reachable, the exact point, and the ordered chain of backup ids; if not, why and the nearest restorable points before and after.`,
    },
  ],
  instruction:
    '"Can I restore X to time T?": plan_restore (service_id, target_time or "latest"); it plans, never restores.',
  skipSecretFieldScan: true,
  input: z.strictObject({
    service_id: serviceId,
    target_time: targetTime,
    target_service_id: serviceId.optional().describe("Check this service as the restore target"),
  }),
  output: planOutput,
  statusHints: { 404: "Check the service id; list_services shows the known ones." },
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    if (args.target_service_id !== undefined) ctx.scope.check(args.target_service_id, "target");
    const now = ctx.now().getTime();
    const target = args.target_time === "latest" ? "latest" : parseTimeInput(args.target_time, now);
    if (target === undefined) throw new ToolError(TARGET_HELP);
    const problem = futureTargetProblem(target, now);
    if (problem !== undefined) throw new ToolError(problem);
    // The planner needs the whole history of one service at once; it is one service, so it fits.
    const backups: Backup[] = [];
    // Read together: restores into the service start new binlog timelines the plan must not cross.
    const [, restored] = await Promise.all([
      fetchAllPages(backupPages(ctx.api, { service_id: args.service_id }), {
        signal: ctx.signal,
        idOf: backupKey,
        onPage: (items) => backups.push(...items),
        onProgress: (done, total) => ctx.progress(done, total, `backups page ${done}/${total}`),
      }),
      restoredAt(args.service_id, ctx),
    ]);
    // Only on the empty path: an unknown id is refused rather than planned as "no backups".
    if (backups.length === 0) await requireKnownService(args.service_id, ctx);
    const plan = planRestore(backups, target, now, restored.moments);
    const unread = restored.unread === undefined ? [] : [`Note: ${restored.unread}.`];
    const text = [planText(args.service_id, plan, backups.length), ...unread].join("\n");
    const into = args.target_service_id;
    const checked =
      into === undefined ? undefined : await checkTarget(args.service_id, into, plan, ctx);
    return {
      structured: {
        service_id: args.service_id,
        ...plan,
        backups_scanned: backups.length,
        ...(restored.unread !== undefined && { restore_history_unread: restored.unread }),
        ...(checked && { target: checked }),
      },
      text: checked ? [text, ...targetText(checked)].join("\n") : text,
    };
  },
});

/**
 * plan_restore's reads about a target_service_id: the lookup of eligible
 * targets for the plan's base backup and the target's restores, side by
 * side. Either may fail (an API without the restore endpoints answers 404 or
 * 405) without failing the plan: the report then says what is unknown. An
 * id the account knows nothing about is refused, as for the source.
 */
/** Enough to see a running restore: the API lists newest first, and only one runs at a time. */
const RECENT_RESTORES = 20;

async function checkTarget(
  sourceId: string,
  targetId: string,
  plan: RestorePlan,
  ctx: ToolContext,
): Promise<TargetReport> {
  const base = plan.chain[0]?.id;
  // The base backup's id comes from the API: it goes into the lookup only if it passes the id rules.
  const sendable = base !== undefined && isSendableId("backup", base);
  const [lookup, listed] = await Promise.all([
    base === undefined || !sendable
      ? Promise.resolve(undefined)
      : ctx.api
          .lookupRestoreTargets({ backup_id: base, service_id: sourceId }, { signal: ctx.signal })
          .catch(failure(ctx)),
    ctx.api
      .listRestores(
        { service_id: targetId, page_size: RECENT_RESTORES, order: "desc" },
        { signal: ctx.signal },
      )
      .catch(failure(ctx)),
  ]);
  const facts: TargetFacts = { sourceId, targetId };
  if (base === undefined) {
    facts.eligibilityNote = "eligibility not looked up: the plan has no backup to restore from";
  } else if (!sendable) {
    facts.eligibilityNote = `eligibility not looked up: ${invalidApiIdText("backup", base)}, so it was not sent`;
  } else if (lookup instanceof Failed) {
    facts.eligibilityNote = `eligibility unknown: the target lookup failed (${lookup.reason})`;
  } else if (lookup !== undefined) {
    const match = lookup.services.find((s) => s.service_id === targetId);
    facts.eligible = match !== undefined;
    if (match?.service_name !== undefined) facts.targetName = match.service_name;
  }
  if (listed instanceof Failed) {
    facts.restoresNote = `its restores could not be read (${listed.reason}), so a running one is not ruled out`;
  } else {
    // The filter is not trusted: a row naming another target is not this target's.
    facts.restores = listed.items.filter(
      (r) => r.service_id === undefined || r.service_id === targetId,
    );
    facts.targetName ??= facts.restores.find((r) => r.service_name !== undefined)?.service_name;
  }
  // Not listed as a target: either another cloud, or an id nobody knows. Say which.
  if (facts.eligible !== true && targetId !== sourceId) {
    await requireKnownService(targetId, ctx, "target_service_id must be an existing service.");
  }
  return targetReport(facts);
}

class Failed {
  constructor(readonly reason: string) {}
}

/** Turns an API failure into a Failed value; an abort and anything unexpected still throw. */
function failure(ctx: Pick<ToolContext, "signal">) {
  return (error: unknown): Failed => {
    ctx.signal.throwIfAborted();
    if (!(error instanceof ApiError)) throw error;
    const status = error.status === undefined ? error.kind : String(error.status);
    return new Failed(`${error.method} ${error.path.split("?")[0] ?? ""} -> ${status}`);
  };
}
