/**
 * plan_restore's reads about a target_service_id: the lookup of eligible
 * targets for the plan's base backup and the target's restores, side by
 * side. Either may fail (an API without the restore endpoints answers 404 or
 * 405) without failing the plan: the report then says what is unknown. An
 * id the account knows nothing about is refused, as for the source.
 */
import { ApiError } from "../../api/errors.js";
import type { RestorePlan } from "../../restore/planner.js";
import { targetReport, type TargetFacts, type TargetReport } from "../../restore/target.js";
import type { ToolContext } from "../define.js";
import { requireKnownService } from "../known-service.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";

/** Enough to see a running restore: the API lists newest first, and only one runs at a time. */
const RECENT_RESTORES = 20;

export async function checkTarget(
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
    facts.restores = listed.restores.filter(
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
