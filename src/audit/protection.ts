/**
 * The controls about what will protect a service from now on: a recurring
 * schedule exists (recurring_protection) and each one actually runs
 * (schedules_deliver). A one-time schedule never protects anything: it
 * backs up once, at its creation, and its backup does not stand in for a
 * cron's missed runs.
 */
import {
  deliveryFindings,
  lateness,
  scheduleIds as ids,
  scheduleRef as ref,
} from "./deliveries.js";
import type { Draft, RuleContext } from "./findings.js";
import type { ScheduleFacts } from "./schedule-facts.js";
import type { ServiceTally } from "./service-tally.js";
import type { ControlResult } from "./types.js";

const MINUTE_MS = 60_000;
/** A one-time schedule starts its backup at creation; anything starting this soon after is its run. */
const ONCE_RUN_SPAN_MS = 30 * MINUTE_MS;

export interface Protection {
  drafts: Draft[];
  recurring: ControlResult;
  deliver: ControlResult;
  /** A binarylog schedule was flagged: its lag is already explained. */
  binlogFlagged: boolean;
}

const isOnce = (s: ScheduleFacts): boolean => s.schedule.trim().toLowerCase() === "once";

export function protection(t: ServiceTally, ctx: RuleContext): Protection {
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
    const message = `No backup schedule, so no new backups; create one (create_backup_schedule, e.g. full "0 2 * * *").`;
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
    const message = `${suspended.length} of ${list.length} schedules are suspended (${types}); resume them (update_backup_schedule) unless intended.`;
    drafts.push({ severity: "info", kind: "some_suspended", message, count: suspended.length });
  }
  forgetOnceRuns(t, list);
  const flagged = active.flatMap((s) => {
    const late = lateness(t, ctx, s);
    return late ? [late] : [];
  });
  drafts.push(...deliveryFindings(flagged));
  return {
    drafts,
    recurring: "pass",
    deliver: flagged.length > 0 ? "fail" : "pass",
    binlogFlagged: flagged.some((f) => f.schedule.type === "binarylog"),
  };
}

function unprotected(list: readonly ScheduleFacts[], recurring: readonly ScheduleFacts[]): Draft {
  if (recurring.length > 0) {
    const n = recurring.length;
    const which =
      n === list.length && n === 1 ? "Its only schedule is" : `All ${n} recurring schedules are`;
    const message = `${which} suspended, so no new backups; resume (update_backup_schedule suspended=false).`;
    return {
      severity: "warning",
      kind: "all_suspended",
      message,
      count: n,
      schedule_ids: ids(recurring),
    };
  }
  const refs = list.map((s) => `${s.type}${ref(s)}`).join(", ");
  const message = `Only one-time schedules (${refs}): nothing backs it up again; add a recurring one (create_backup_schedule, e.g. full "0 2 * * *").`;
  return {
    severity: "warning",
    kind: "only_once_schedules",
    message,
    count: list.length,
    schedule_ids: ids(list),
  };
}

/**
 * Backups a one-time schedule made must not pass for a cron's runs. This edits the tally's
 * start lists, once, when the report is made: nothing reads them afterwards.
 */
function forgetOnceRuns(t: ServiceTally, list: readonly ScheduleFacts[]): void {
  for (const s of list) {
    if (isOnce(s) && s.createdMs !== undefined) {
      const from = s.createdMs - 2 * MINUTE_MS;
      t.attempted.drop(s.type, from, s.createdMs + ONCE_RUN_SPAN_MS);
      t.delivered.drop(s.type, from, s.createdMs + ONCE_RUN_SPAN_MS);
    }
  }
}
