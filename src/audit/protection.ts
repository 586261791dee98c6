/**
 * The controls about what will protect a service from now on: a recurring
 * schedule exists (recurring_protection) and each one actually runs
 * (schedules_deliver). A one-time schedule never protects anything: it
 * backs up once, at its creation, and its backup does not stand in for a
 * cron's missed runs.
 */
import { shownId } from "../api/records.js";
import {
  deliveryFindings,
  judgedFrom,
  lateness,
  scheduleIds as ids,
  scheduleRef as ref,
  type Late,
} from "./deliveries.js";
import { cronReadable, EARLY_MS } from "./expected-runs.js";
import { cronFires } from "../cron/fires.js";
import { matchFires } from "./fire-match.js";
import { lostProtection } from "../restore/lost-protection.js";
import type { Draft, RuleContext } from "./findings.js";
import {
  findOnceRuns,
  withoutOnceRuns,
  historyFloor,
  isOnce,
  newestDelivered,
  serviceFloor,
} from "./once-runs.js";
import type { OnceRuns } from "./once-runs.js";
import type { ScheduleFacts } from "./schedule-facts.js";
import type { ServiceTally } from "./service-tally.js";
import type { ControlResult } from "./types.js";

export interface Protection {
  drafts: Draft[];
  recurring: ControlResult;
  deliver: ControlResult;
  /** A binarylog schedule was flagged: its lag is already explained. */
  binlogFlagged: boolean;
}

/** `covered`: a failing streak of this type is already reported, so failed runs need no line. */
export function protection(
  t: ServiceTally,
  ctx: RuleContext,
  covered: (type: string) => boolean,
): Protection {
  const list = t.schedules;
  if (list === undefined) {
    return { drafts: [], recurring: "unknown", deliver: "unknown", binlogFlagged: false };
  }
  const recurring = list.filter((s) => !isOnce(s));
  const active = recurring.filter((s) => !s.suspended);
  const none = { recurring: "fail" as const, deliver: "not_applicable" as const };
  if (list.length === 0) {
    // With no backups at all never_succeeded already says to add a schedule.
    if (t.total === 0) return { drafts: [], ...none, binlogFlagged: false };
    const message = `No backup schedule; create one (create_backup_schedule).`;
    return {
      drafts: [{ severity: "warning", kind: "no_schedule", message, count: 0 }],
      ...none,
      binlogFlagged: false,
    };
  }
  if (active.length === 0)
    return { drafts: [unprotected(list, recurring)], ...none, binlogFlagged: false };
  const drafts: Draft[] = [];
  const suspended = list.filter((s) => s.suspended);
  if (suspended.length > 0) {
    const types = [...new Set(suspended.map((s) => s.type))].join(", ");
    // Suspending every schedule of a kind takes away what that kind gives, whatever still runs.
    const lost = lostByPausing(recurring, active);
    const which = suspended.map((s) => `#${shownId(s)}`).join(", ");
    const message =
      lost.length > 0
        ? `${lost.join("; ")}: suspended ${which} (${types}); resume (update_backup_schedule suspended=false) unless intended.`
        : `${suspended.length} of ${list.length} schedules ${suspended.length === 1 ? "is" : "are"} suspended (${types}); resume ${suspended.length === 1 ? "it" : "them"} (update_backup_schedule) unless intended.`;
    drafts.push({
      severity: lost.length > 0 ? "warning" : "info",
      kind: "some_suspended",
      message,
      count: suspended.length,
    });
  }
  const readable = active.filter((s) => cronReadable(s.schedule, ctx.nowMs));
  const unreadable = active.filter((s) => !readable.includes(s));
  if (unreadable.length > 0) drafts.push(unreadableCron(unreadable, readable.length === 0));
  if (readable.length === 0)
    return { drafts, recurring: "fail", deliver: "unknown", binlogFlagged: false };
  const flagged = judgeDeliveries(t, ctx, readable, findOnceRuns(t, list));
  drafts.push(...deliveryFindings(flagged, covered, ctx));
  // Runs queued behind a stuck backup get no line of their own (stuck_running says it), but
  // they were not delivered: the control fails, so "which services fail delivery" finds it.
  const queued = queuedBehindStuck(t, ctx, readable);
  return {
    drafts,
    recurring: "pass",
    deliver: flagged.length > 0 || queued ? "fail" : unreadable.length > 0 ? "unknown" : "pass",
    binlogFlagged: flagged.some((f) => f.schedule.type === "binarylog"),
  };
}

/** Whether a fire of an active schedule fell due while a stuck backup held everything up. */
function queuedBehindStuck(
  t: ServiceTally,
  ctx: RuleContext,
  readable: readonly ScheduleFacts[],
): boolean {
  const blocked = t.blockedSince;
  if (blocked === undefined) return false;
  return readable.some((s) => {
    const next = cronFires(s.schedule)?.next(blocked);
    return next !== undefined && next + EARLY_MS < ctx.nowMs;
  });
}

/** Judges the schedules of each type together, so one backup never counts for two of them. */
function judgeDeliveries(
  t: ServiceTally,
  ctx: RuleContext,
  readable: readonly ScheduleFacts[],
  once: OnceRuns,
): Late[] {
  // Runs due after a backup got stuck are queued behind it, but only while nothing else starts.
  const untilMs = Math.min(ctx.nowMs, t.blockedSince ?? Infinity);
  const anyFloor = serviceFloor(t, once);
  const flagged: Late[] = [];
  for (const type of new Set(readable.map((s) => s.type))) {
    const mine = readable.filter((s) => s.type === type);
    const floor = historyFloor(t, type, once) ?? anyFloor;
    const from = mine.map((s) => judgedFrom(ctx, s, floor));
    const runs = once.get(type);
    const starts = {
      delivered: withoutOnceRuns(t.delivered.of(type), runs),
      attempted: withoutOnceRuns(t.attempted.of(type), runs),
    };
    const checks = matchFires(
      mine.map((s, i) => ({ cron: s.schedule, fromMs: from[i] ?? ctx.nowMs })),
      starts,
      untilMs,
    );
    const alone = mine.length === 1;
    const newest = alone ? newestDelivered(t, type, once) : undefined;
    for (const [i, s] of mine.entries()) {
      const check = checks[i];
      const fromMs = from[i] ?? ctx.nowMs;
      const late = check && lateness(ctx, s, check, { fromMs, floor, newest, alone });
      if (late) flagged.push(late);
    }
  }
  return flagged;
}

/** A cron the audit cannot read (missing, "@daily", 6 fields, never firing) is no known protection. */
function unreadableCron(list: readonly ScheduleFacts[], alone: boolean): Draft {
  const refs = list
    .map(
      (s) => `${s.type}${ref(s)} (${s.schedule.trim() === "" ? "none" : `"${s.schedule.trim()}"`})`,
    )
    .join(", ");
  const what = list.length === 1 ? `The cron of ${refs} cannot` : `The crons of ${refs} cannot`;
  const effect = alone
    ? "so no schedule is known to back it up again"
    : "so its runs are not checked";
  return {
    severity: alone ? "warning" : "info",
    kind: "unreadable_cron",
    message: `${what} be evaluated, ${effect}; fix it (update_backup_schedule, 5-field cron).`,
    count: list.length,
    schedule_ids: ids(list),
  };
}

function unprotected(list: readonly ScheduleFacts[], recurring: readonly ScheduleFacts[]): Draft {
  if (recurring.length > 0) {
    const n = recurring.length;
    const which =
      n === list.length && n === 1
        ? "Its only schedule is"
        : n === 1
          ? "Its only recurring schedule is"
          : `All ${n} recurring schedules are`;
    const message = `${which} suspended; resume it (update_backup_schedule suspended=false).`;
    return {
      severity: "warning",
      kind: "all_suspended",
      message,
      count: n,
      schedule_ids: ids(recurring),
    };
  }
  const refs = list.map((s) => `${s.type}${ref(s)}`).join(", ");
  const message = `Only one-time schedules (${refs}): nothing backs it up again; add a recurring one (create_backup_schedule).`;
  return {
    severity: "warning",
    kind: "only_once_schedules",
    message,
    count: list.length,
    schedule_ids: ids(list),
  };
}

/** What pausing takes away: every binarylog schedule (PITR), or every base-backup schedule. */
function lostByPausing(
  recurring: readonly ScheduleFacts[],
  active: readonly ScheduleFacts[],
): string[] {
  const lost = lostProtection(
    recurring.map((s) => s.type),
    active.map((s) => s.type),
  );
  return [
    ...(lost.has("pitr") ? ["Point-in-time recovery is off: no active binarylog schedule"] : []),
    ...(lost.has("base")
      ? ["No new full, snapshot or dump backups: every such schedule is suspended"]
      : []),
  ];
}
