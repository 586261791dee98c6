/**
 * The controls about what will protect a service from now on: a recurring
 * schedule exists (recurring_protection) and each one actually runs
 * (schedules_deliver). A one-time schedule never protects anything: it
 * backs up once, at its creation, and its backup does not stand in for a
 * cron's missed runs.
 */
import { isoSeconds, utcMinutes } from "../util/time.js";
import { cadence, EARLY_MS, trailingMisses, type RunCheck } from "./expected-runs.js";
import type { Draft, RuleContext } from "./findings.js";
import type { ScheduleFacts, ServiceTally } from "./service-tally.js";
import type { ControlResult } from "./types.js";

const MINUTE_MS = 60_000;
/** A one-time schedule starts its backup at creation; anything starting this soon after is its run. */
const ONCE_RUN_SPAN_MS = 30 * MINUTE_MS;
/** Binlog backups are frequent and light: one late run is jitter, two in a row is silence. */
const BINLOG_MISSES = 2;

export interface Protection {
  drafts: Draft[];
  recurring: ControlResult;
  deliver: ControlResult;
  /** A binarylog schedule was flagged: its lag is already explained. */
  binlogFlagged: boolean;
}

const isOnce = (s: ScheduleFacts): boolean => s.schedule.trim().toLowerCase() === "once";
const ref = (s: ScheduleFacts): string => (s.id === undefined ? "" : ` #${s.id}`);
const ids = (list: readonly ScheduleFacts[]): (number | string)[] =>
  list.flatMap((s) => (s.id === undefined ? [] : [s.id]));

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

/** Backups a one-time schedule made must not pass for a cron's runs. */
function forgetOnceRuns(t: ServiceTally, list: readonly ScheduleFacts[]): void {
  for (const s of list) {
    if (isOnce(s) && s.createdMs !== undefined) {
      t.starts.drop(s.type, s.createdMs - 2 * MINUTE_MS, s.createdMs + ONCE_RUN_SPAN_MS);
    }
  }
}

interface Late {
  schedule: ScheduleFacts;
  check: RunCheck;
  /** The schedule was changed after its creation and is judged from then only. */
  changedMs?: number;
  /** The newest run: the newest delivered fire, else the newest backup of the type. */
  lastRun?: number;
  /** Where judging began. */
  fromMs: number;
  never: boolean;
}

function lateness(t: ServiceTally, ctx: RuleContext, s: ScheduleFacts): Late | undefined {
  const changed = s.updatedMs !== undefined && s.updatedMs > (s.createdMs ?? -Infinity);
  // Older runs may have been expired by retention, so history starts at the oldest backup listed.
  const fromMs = Math.max(
    ctx.windowStart + EARLY_MS,
    s.createdMs ?? -Infinity,
    changed ? (s.updatedMs ?? -Infinity) : -Infinity,
    t.total > 0 ? (t.oldestStart ?? -Infinity) : -Infinity,
  );
  // Runs due after a backup got stuck are queued behind it: stuck_running says so.
  const untilMs = Math.min(ctx.nowMs, t.oldestStuck?.at ?? Infinity);
  const check = trailingMisses(s.schedule, t.starts.of(s.type), fromMs, untilMs);
  if (check === undefined) return undefined;
  if (check.missed < (s.type === "binarylog" ? BINLOG_MISSES : 1)) return undefined;
  const newest = t.newestStartOf.get(s.type);
  // "Never" only when the schedule was created inside the listed history: before it, runs may
  // have been expired by retention, so all that can be said is "none listed since".
  const created = s.createdMs;
  const never =
    check.lastDelivered === undefined &&
    created !== undefined &&
    created >= (t.oldestStart ?? -Infinity) - EARLY_MS &&
    (newest === undefined || newest < created);
  const lastRun = check.lastDelivered ?? newest;
  return {
    schedule: s,
    check,
    never,
    fromMs,
    ...(changed && { changedMs: s.updatedMs }),
    ...(lastRun !== undefined && { lastRun }),
  };
}

function deliveryFindings(flagged: readonly Late[]): Draft[] {
  const drafts: Draft[] = [];
  const never = flagged.filter((f) => f.never);
  const missed = flagged.filter((f) => !f.never);
  if (never.length > 0) {
    const parts = never.map((f) => {
      const created = f.schedule.createdMs;
      const since =
        f.changedMs !== undefined
          ? `its change ${utcMinutes(f.changedMs)}`
          : created !== undefined
            ? `its creation ${utcMinutes(created)}`
            : "the window start";
      return `${label(f)} has produced no backup since ${since} (${runs(f)} due)`;
    });
    const message = `${parts.join("; ")}; check the schedule (list_backup_schedules) and the service.`;
    drafts.push({
      severity: "warning",
      kind: "never_produced",
      message,
      count: total(never),
      schedule_ids: ids(never.map((f) => f.schedule)),
    });
  }
  if (missed.length > 0) {
    // Without any run of its type in view, only "none listed since" the oldest time judged is known.
    const since = (f: Late): string =>
      f.lastRun !== undefined
        ? `since ${utcMinutes(f.lastRun)}`
        : `with none listed since ${utcMinutes(f.fromMs)}`;
    const judged = (f: Late): string =>
      f.changedMs === undefined ? "" : `, judged since its change ${utcMinutes(f.changedMs)}`;
    const [one] = missed;
    const message =
      missed.length === 1 && one !== undefined
        ? `${label(one)} has not produced a backup ${since(one)}; ${runs(one)} missed${judged(one)}; find why (list_backups, list_backup_schedules).`
        : `Schedules not producing backups: ${missed.map((f) => `${label(f)} ${since(f)} (${runs(f)} missed${judged(f)})`).join(", ")}; find why (list_backups, list_backup_schedules).`;
    const last = missed.map((f) => f.lastRun).filter((v) => v !== undefined);
    drafts.push({
      severity: "warning",
      kind: "missed_runs",
      message,
      count: total(missed),
      schedule_ids: ids(missed.map((f) => f.schedule)),
      ...(last.length > 0 && { since: isoSeconds(Math.min(...last)) }),
    });
  }
  return drafts;
}

const label = (f: Late): string =>
  `${cadence(f.check.intervalMs, f.schedule.schedule)} ${f.schedule.type}${ref(f.schedule)}`;
const runs = (f: Late): string =>
  `${f.check.atLeast ? "at least " : ""}${f.check.missed} run${f.check.missed === 1 ? "" : "s"}`;
const total = (list: readonly Late[]): number => list.reduce((sum, f) => sum + f.check.missed, 0);
