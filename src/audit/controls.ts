/**
 * One service's controls: each named check gives pass, fail, not_applicable
 * or unknown, and every failure comes with a finding unless another finding
 * of the same service already says why (a stopped binlog schedule is a
 * missed run, not also a lagging coverage), so the text stays short while
 * the controls stay complete.
 */
import {
  runawayGrowth,
  suspectBases,
  baseAge,
  pitrLag,
  failures,
  futureRecords,
  restoredOver,
  gaps,
  rpo,
  streak,
  stuck,
  type Draft,
  type RuleContext,
  type RestoreHistory,
  type ProofRules,
} from "./findings.js";
import { scheduleOutlook, protection } from "./schedule-controls.js";
import { worstStreak, type ServiceTally } from "./service-tally.js";
import { CONTROLS, STREAK_MIN, type ControlResults, type Finding } from "./types.js";

export interface ServiceVerdict {
  findings: Finding[];
  controls: ControlResults;
  known: boolean;
}

export interface ServiceContext extends RuleContext {
  /** Asked for by id: a service the API knows nothing about is then an unknown id, not a service. */
  requested: (serviceId: string) => boolean;
  /** The ids of the services with this name, when the asked id is really a name ([] if none). */
  idsForName: (name: string) => readonly string[];
  restores: RestoreHistory;
  proof: ProofRules;
}

export function evaluateService(t: ServiceTally, ctx: ServiceContext): ServiceVerdict {
  const stamp = (drafts: Draft[]): Finding[] =>
    drafts.map((d) => ({ service_id: t.serviceId, ...d }));
  if (t.total === 0 && t.schedules?.length === 0 && ctx.requested(t.serviceId)) {
    const controls = Object.fromEntries(CONTROLS.map((c) => [c, "unknown"])) as ControlResults;
    return { findings: stamp([unknownService(t.serviceId, ctx)]), controls, known: false };
  }
  // Restores into the service break its binlog timeline before anything reads its points.
  const into = ctx.restores.into(t.serviceId);
  for (const restore of into) t.addTimelineBreak(restore.at);
  const recency = rpo(t, ctx);
  const worst = worstStreak(t.recent, STREAK_MIN);
  const streaks = streak(worst);
  const stuckRuns = stuck(t, ctx);
  const guard = protection(
    t,
    ctx,
    (type) => worst !== undefined && (worst.type === undefined || worst.type === type),
  );
  const base = baseAge(t, ctx);
  const holes = gaps(t, ctx);
  // A stuck run explains why, but not how far recovery lags: that line stays.
  const explained = guard.binlogFlagged || streaks.length > 0;
  const lag = pitrLag(t, ctx, explained, holes.length > 0);
  const proven = ctx.restores.evaluate(t.serviceId, t.total > 0, ctx.proof);
  const outlook = scheduleOutlook(
    t.schedules,
    { pointMs: t.newestRestorable?.at, baseMs: t.lastBase?.at },
    ctx,
  );
  const drafts = [
    ...recency,
    ...futureRecords(t),
    ...restoredOver(t, into, ctx),
    ...streaks,
    // A streak already says it; isolated failures are only worth a line without one.
    ...(streaks.length === 0 ? failures(t, ctx) : []),
    ...stuckRuns,
    ...guard.drafts,
    ...base.drafts,
    ...suspectBases(t, ctx),
    ...runawayGrowth(t, ctx),
    ...holes,
    ...lag.drafts,
    ...proven.drafts,
    ...outlook.drafts,
  ];
  const controls: ControlResults = {
    recurring_protection: guard.recurring,
    schedules_deliver: guard.deliver,
    rpo: recency.length > 0 ? "fail" : "pass",
    base_backup_age: base.result,
    pitr_coverage: lag.result,
    failures:
      t.total === 0 ? "not_applicable" : streaks.length + stuckRuns.length > 0 ? "fail" : "pass",
    restore_proven: proven.result,
    schedules_meet_targets: outlook.result,
  };
  return { findings: stamp(drafts), controls, known: true };
}

function unknownService(id: string, ctx: ServiceContext): Draft {
  const matches = ctx.idsForName(id);
  // Critical: the audit cannot vouch for what it cannot find, and a typo in a cron job's
  // --services must not pass for an ordinary warning run after run.
  if (matches.length > 1) return sharedName(id, matches);
  const [match] = matches;
  const hint = match === undefined ? "" : `; ${id} is the name of service ${match}, audit that id`;
  const message = `no backups or schedules are known for ${id}: check the id; list_services shows the known ones${hint}.`;
  return {
    severity: "critical",
    kind: "unknown_service",
    message,
    ...(match !== undefined && { suggested_id: match }),
  };
}

/**
 * A name several services share: every id, and no suggested_id, since an
 * agent that took one would audit a service the caller may not have meant.
 */
function sharedName(name: string, ids: readonly string[]): Draft {
  return {
    severity: "critical",
    kind: "unknown_service",
    message: `${name} is not an id but the name of ${ids.length} services: ${ids.join(", ")}; audit one of those ids, or all of them with service_ids (list_services tells them apart by cloud and last backup).`,
    matching_ids: [...ids],
  };
}
