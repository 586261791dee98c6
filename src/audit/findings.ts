/**
 * The rules: one service's tally in, its findings out. Each message says
 * what is wrong and what to do with this server's tools, in one short
 * sentence, because an assistant relays it as is and the audit's text has
 * to stay within a few hundred tokens.
 */
import { binlogGaps, binlogSegments } from "../restore/binlog.js";
import { hoursBetween, isoSeconds, utcMinutes, utcWindow } from "../util/time.js";
import type { ServiceTally } from "./service-tally.js";
import { worstStreak } from "./streaks.js";
import { STREAK_MIN, STUCK_AFTER_HOURS, type Finding } from "./types.js";

export interface RuleContext {
  nowMs: number;
  windowStart: number;
  maxAgeHours: number;
  lookbackDays: number;
}

type Draft = Omit<Finding, "service_id">;

const HOUR_MS = 3_600_000;

/** "9.3h", or "18.3 days" once hours stop being easy to read. */
export function ageText(hours: number): string {
  return hours < 48 ? `${hours}h` : `${(hours / 24).toFixed(1)} days`;
}

export function serviceFindings(t: ServiceTally, ctx: RuleContext): Finding[] {
  const streaks = streak(t);
  const drafts = [
    ...recency(t, ctx),
    ...streaks,
    // A streak already says it; isolated failures are only worth a line without one.
    ...(streaks.length === 0 ? failures(t, ctx) : []),
    ...stuck(t, ctx),
    ...schedules(t),
    ...fullBackups(t, ctx),
    ...gaps(t, ctx),
  ];
  return drafts.map((d) => ({ service_id: t.serviceId, ...d }));
}

function recency(t: ServiceTally, ctx: RuleContext): Draft[] {
  const last = t.lastSuccess;
  if (last === undefined) {
    const message =
      t.total === 0
        ? `No backups at all; check the service id, then add a schedule (create_backup_schedule, e.g. full "0 2 * * *").`
        : `None of its ${t.total} backups ever succeeded; read the failures (list_backups status=Failed) and fix the cause.`;
    return [{ severity: "critical", kind: "never_succeeded", message, count: t.total }];
  }
  // Compared in milliseconds: the rounded hours shown would let 26.04h pass a 26h target.
  if (ctx.nowMs - last.at <= ctx.maxAgeHours * HOUR_MS) return [];
  const age = hoursBetween(last.at, ctx.nowMs);
  const message = `No successful backup for ${ageText(age)} (last: ${last.type} ${utcMinutes(last.at)}), over the ${ctx.maxAgeHours}h target; find why and run one now (create_backup_schedule schedule=once).`;
  return [{ severity: "critical", kind: "stale", message, since: isoSeconds(last.at) }];
}

function streak(t: ServiceTally): Draft[] {
  const s = worstStreak(t.recent, STREAK_MIN);
  if (s === undefined) return [];
  const n = `${s.atLeast ? "at least " : ""}${s.count}`;
  const what = s.type === undefined ? "backups" : `${s.type} backups`;
  const others = s.type === undefined ? "" : ", while other types succeed";
  const message = `Last ${n} ${what} failed in a row since ${utcMinutes(s.since)}${others}; read them (list_backups status=Failed) and fix the cause.`;
  const since = isoSeconds(s.since);
  return [{ severity: "critical", kind: "failing_streak", message, count: s.count, since }];
}

function failures(t: ServiceTally, ctx: RuleContext): Draft[] {
  const { failures: count, backups } = t.window;
  const last = t.lastFailure;
  if (count === 0 || last === undefined || t.lastSuccess === undefined) return [];
  const message = `${count} of ${backups} backups in ${ctx.lookbackDays} days failed, not in a row (latest: ${last.type} ${utcMinutes(last.at)}); check list_backups status=Failed if it recurs.`;
  return [
    { severity: "info", kind: "recent_failures", message, count, since: isoSeconds(last.at) },
  ];
}

function stuck(t: ServiceTally, ctx: RuleContext): Draft[] {
  const oldest = t.oldestStuck;
  if (oldest === undefined) return [];
  const age = ageText(hoursBetween(oldest.at, ctx.nowMs));
  const what =
    t.stuckCount === 1
      ? `A ${oldest.type} backup has run for ${age} (since ${utcMinutes(oldest.at)})`
      : `${t.stuckCount} backups have run for over ${STUCK_AFTER_HOURS}h (oldest: ${oldest.type}, ${age})`;
  const message = `${what}; check it (list_backups status=Running) and contact support if it does not finish.`;
  const since = isoSeconds(oldest.at);
  return [{ severity: "warning", kind: "stuck_running", message, count: t.stuckCount, since }];
}

function schedules(t: ServiceTally): Draft[] {
  const list = t.schedules;
  if (list === undefined) return [];
  // With no backups at all never_succeeded already says to add a schedule.
  if (list.length === 0 && t.total === 0) return [];
  if (list.length === 0) {
    const message = `No backup schedule, so no new backups; create one (create_backup_schedule, e.g. full "0 2 * * *").`;
    return [{ severity: "warning", kind: "no_schedule", message, count: 0 }];
  }
  const suspended = list.filter((s) => s.suspended);
  const count = suspended.length;
  if (count === 0) return [];
  if (count === list.length) {
    const which = count === 1 ? "Its only schedule is" : `All ${count} schedules are`;
    const message = `${which} suspended, so no new backups; resume (update_backup_schedule suspended=false).`;
    return [{ severity: "warning", kind: "all_suspended", message, count }];
  }
  const types = [...new Set(suspended.map((s) => s.type))].join(", ");
  const message = `${count} of ${list.length} schedules are suspended (${types}); resume them (update_backup_schedule) unless intended.`;
  return [{ severity: "info", kind: "some_suspended", message, count }];
}

function fullBackups(t: ServiceTally, ctx: RuleContext): Draft[] {
  const { bases, chainOnly } = t.window;
  if (bases > 0 || chainOnly === 0) return [];
  const base = t.lastBase;
  const last = base ? `last: ${base.type} ${utcMinutes(base.at)}` : "none ever";
  const message = `No successful full, snapshot or dump in ${ctx.lookbackDays} days (${last}), only incrementals/binlogs; add a full schedule (create_backup_schedule).`;
  return [
    {
      severity: "warning",
      kind: "no_recent_full",
      message,
      ...(base && { since: isoSeconds(base.at) }),
    },
  ];
}

function gaps(t: ServiceTally, ctx: RuleContext): Draft[] {
  const points = t.binlogBefore ? [t.binlogBefore, ...t.binlogs] : t.binlogs;
  return binlogGaps(binlogSegments(points))
    .filter((gap) => gap.to > ctx.windowStart)
    .map((gap) => ({
      severity: "warning",
      kind: "binlog_gap",
      message: `Binary-log gap ${utcWindow(gap.from, gap.to)}: no point-in-time restore into it; check the binarylog schedule and expire_logs_days.`,
      from: isoSeconds(gap.from),
      to: isoSeconds(gap.to),
    }));
}
