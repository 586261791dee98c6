/**
 * The rules about what happened: recovery point age, failures, stuck runs,
 * binary-log gaps. One service's tally in, drafts of findings out. Each
 * message says what is wrong and what to do with this server's tools, in
 * one short sentence, because an assistant relays it as is and the audit's
 * text has to stay within a few hundred tokens.
 */
import { binlogGaps, binlogSegments } from "../restore/binlog.js";
import { HOUR_MS, hoursBetween } from "../util/time.js";
import { ageText, isoSeconds, utcMinutes, utcWindow } from "../util/format.js";
import type { ServiceTally } from "./service-tally.js";
import type { Streak } from "./streaks.js";
import { STUCK_AFTER_HOURS, type Finding } from "./types.js";

export interface RuleContext {
  nowMs: number;
  windowStart: number;
  maxAgeHours: number;
  lookbackDays: number;
  maxFullAgeDays: number;
}

export type Draft = Omit<Finding, "service_id">;

/** Recovery point age: the newest restorable point (a base, or anything after one) is recent. */
export function rpo(t: ServiceTally, ctx: RuleContext): Draft[] {
  const last = t.lastSuccess;
  if (last === undefined) {
    const message =
      t.total === 0
        ? `No backups at all; add a schedule (create_backup_schedule, e.g. full "0 2 * * *").`
        : `None of its ${t.total} backups ever succeeded; read the failures (list_backups status=Failed) and fix the cause.`;
    return [{ severity: "critical", kind: "never_succeeded", message, count: t.total }];
  }
  if (t.lastBase === undefined) {
    // Incrementals and binlogs restore nothing without a full, snapshot or dump under them.
    const message = `No restorable point: no successful full, snapshot or dump is listed (newest success: ${last.type} ${utcMinutes(last.at)}); run a full now (create_backup_schedule schedule=once) and schedule fulls.`;
    return [{ severity: "critical", kind: "stale", message, since: isoSeconds(last.at) }];
  }
  // Compared in milliseconds: the rounded hours shown would let 26.04h pass a 26h target.
  if (ctx.nowMs - last.at <= ctx.maxAgeHours * HOUR_MS) return [];
  const age = hoursBetween(last.at, ctx.nowMs);
  const running = t.newestRunning;
  // A backup already running (and not stuck) is the "run one now": starting another only competes.
  const fresh =
    running !== undefined &&
    running.at > last.at &&
    ctx.nowMs - running.at <= STUCK_AFTER_HOURS * HOUR_MS;
  const advice = fresh
    ? `a ${running.type} backup is running since ${utcMinutes(running.at)}: check it ends well (list_backups status=Running), and fix the cause (its other findings)`
    : "fix the cause (its other findings), then run one now (create_backup_schedule schedule=once)";
  const message = `No successful backup for ${ageText(age)} (last: ${last.type} ${utcMinutes(last.at)}), over the ${ctx.maxAgeHours}h target; ${advice}.`;
  return [{ severity: "critical", kind: "stale", message, since: isoSeconds(last.at) }];
}

/** The failing_streak finding for the service's worst streak (worstStreak), if any. */
export function streak(s: Streak | undefined): Draft[] {
  if (s === undefined) return [];
  const n = `${s.atLeast ? "at least " : ""}${s.count}`;
  const what = s.type === undefined ? "backups" : `${s.type} backups`;
  const others = s.type === undefined ? "" : ", while other types succeed";
  const message = `Last ${n} ${what} failed in a row since ${utcMinutes(s.since)}${others}; read them (list_backups status=Failed) and fix the cause.`;
  const since = isoSeconds(s.since);
  return [{ severity: "critical", kind: "failing_streak", message, count: s.count, since }];
}

export function failures(t: ServiceTally, ctx: RuleContext): Draft[] {
  const { failures: count, backups } = t.window;
  const last = t.lastFailure;
  if (count === 0 || last === undefined || t.lastSuccess === undefined) return [];
  // Only "N failed": fewer than STREAK_MIN in a row is all that is known, not that none were.
  const message = `${count} of ${backups} backups in ${ctx.lookbackDays} days failed (latest: ${last.type} ${utcMinutes(last.at)}); check list_backups status=Failed if it recurs.`;
  return [
    { severity: "info", kind: "recent_failures", message, count, since: isoSeconds(last.at) },
  ];
}

export function stuck(t: ServiceTally, ctx: RuleContext): Draft[] {
  const oldest = t.oldestStuck;
  if (oldest === undefined) return [];
  const age = ageText(hoursBetween(oldest.at, ctx.nowMs));
  const what =
    t.stuckCount === 1
      ? `A ${oldest.type} backup has run for ${age} (since ${utcMinutes(oldest.at)})`
      : `${t.stuckCount} backups have run for over ${STUCK_AFTER_HOURS}h (oldest: ${oldest.type}, ${age})`;
  // Later runs may be queued behind it; saying so explains the silence of the other schedules.
  const behind = t.blockedSince !== undefined ? ", nothing has started since" : "";
  const message = `${what}${behind}; check it (list_backups status=Running) and contact support if it does not finish.`;
  const since = isoSeconds(oldest.at);
  return [{ severity: "warning", kind: "stuck_running", message, count: t.stuckCount, since }];
}

export function gaps(t: ServiceTally, ctx: RuleContext): Draft[] {
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
