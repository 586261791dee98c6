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
import type { Start } from "../restore/points.js";
import type { RestoreInto } from "./restore-proof.js";
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

/**
 * Recovery point age: how old the newest moment a restore can reach is (the
 * one model, restore/points.ts, the point plan_restore names as "latest").
 * A newer successful backup that no chain reaches (an incremental on a
 * failed full, binlogs after a hole) does not count, and is named.
 */
export function rpo(t: ServiceTally, ctx: RuleContext): Draft[] {
  const last = t.lastSuccess;
  if (last === undefined) {
    const message =
      t.total === 0
        ? `No backups at all; add a schedule (create_backup_schedule, e.g. full "0 2 * * *").`
        : `None of its ${t.total} backups ever succeeded; read the failures (list_backups status=Failed) and fix the cause.`;
    return [{ severity: "critical", kind: "never_succeeded", message, count: t.total }];
  }
  const point = t.newestRestorable;
  if (point === undefined) {
    // Incrementals and binlogs restore nothing without a full, snapshot or dump under them.
    const message = `No restorable point: no successful full, snapshot or dump is listed (newest success: ${last.type} ${utcMinutes(last.at)}); run a full now (create_backup_schedule schedule=once) and schedule fulls.`;
    return [{ severity: "critical", kind: "stale", message, since: isoSeconds(last.at) }];
  }
  // Compared in milliseconds: the rounded hours shown would let 26.04h pass a 26h target.
  if (ctx.nowMs - point.at <= ctx.maxAgeHours * HOUR_MS) return [];
  const age = hoursBetween(point.at, ctx.nowMs);
  const running = t.newestRunning;
  // A backup already running (and not stuck) is the "run one now": starting another only competes.
  const fresh =
    running !== undefined &&
    running.at > point.at &&
    ctx.nowMs - running.at <= STUCK_AFTER_HOURS * HOUR_MS;
  const advice = fresh
    ? `a ${running.type} backup is running since ${utcMinutes(running.at)}: check it ends well (list_backups status=Running), and fix its other findings`
    : "run one now (create_backup_schedule schedule=once)";
  // Said only when it differs: a newer success no chain reaches is what a record-based view trusts.
  const unreached =
    last.at > point.at
      ? ` The newer ${last.type} of ${utcMinutes(last.at)} is reached by no chain (its full failed, or a binary-log gap).`
      : "";
  const message = `Restorable only to ${chainWords(point.start, point.at)} (${ageText(age)} old), over the ${ctx.maxAgeHours}h RPO; ${advice}.${unreached}`;
  return [{ severity: "critical", kind: "stale", message, since: isoSeconds(point.at) }];
}

/** "full 2026-11-24 02:01 UTC + 2 incrementals + binlogs to 2026-11-24 09:00 UTC" */
function chainWords(start: Start, at: number): string {
  const parts = [`${start.base.type} ${utcMinutes(start.base.at)}`];
  const n = start.incrementals.length;
  if (n > 0) parts.push(`${n} incremental${n === 1 ? "" : "s"}`);
  if (at > start.at) parts.push(`binlogs to ${utcMinutes(at)}`);
  return parts.join(" + ");
}

/** Records dated beyond now: a clock or import error that must not pass for a fresh backup. */
export function futureRecords(t: ServiceTally): Draft[] {
  const newest = t.newestFuture;
  if (t.futureCount === 0 || newest === undefined) return [];
  const which = `${newest.type}${newest.id === undefined ? "" : ` id=${newest.id}`} dated ${utcMinutes(newest.at)}`;
  const message = `${t.futureCount} backup${t.futureCount === 1 ? " is" : "s are"} dated in the future (newest: ${which}): a clock or import error; none counts as a restore point. Check the record (list_service_backups).`;
  return [
    {
      severity: "warning",
      kind: "future_time",
      message,
      count: t.futureCount,
      since: isoSeconds(newest.at),
    },
  ];
}

/** The failing_streak finding for the service's worst streak (worstStreak), if any. */
export function streak(s: Streak | undefined): Draft[] {
  if (s === undefined) return [];
  const n = `${s.atLeast ? "at least " : ""}${s.count}`;
  const what = s.type === undefined ? "backups" : `${s.type} backups`;
  const others = s.type === undefined ? "" : ", while other types succeed";
  const message = `Last ${n} ${what} failed in a row, since ${utcMinutes(s.since)}${others}; fix the cause (list_backups status=Failed).`;
  const since = isoSeconds(s.since);
  return [{ severity: "critical", kind: "failing_streak", message, count: s.count, since }];
}

export function failures(t: ServiceTally, ctx: RuleContext): Draft[] {
  const count = t.window.failures;
  const last = t.lastFailure;
  if (count === 0 || last === undefined || t.lastSuccess === undefined) return [];
  // Only "N failed": fewer than STREAK_MIN in a row is all that is known, not that none were.
  // Info only, so no advice: failing_streak is the finding that asks for action.
  const message = `${count} failed in ${ctx.lookbackDays} days, latest ${last.type} ${utcMinutes(last.at)}.`;
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
      ? `A ${oldest.type} has run ${age} (since ${utcMinutes(oldest.at)})`
      : `${t.stuckCount} backups have run for over ${STUCK_AFTER_HOURS}h (oldest: ${oldest.type}, ${age})`;
  // Later runs may be queued behind it; saying so explains the silence of the other schedules.
  const behind = t.blockedSince !== undefined ? ", nothing started since" : "";
  const message = `${what}${behind}; check it (list_backups status=Running), ask support if it hangs.`;
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

/**
 * Restores INTO a service within the window from another service's backup
 * or a bucket's file: each replaced its data with someone else's, and its
 * binlogs start a new timeline there (the model never joins across one).
 * Said for a service with its own backups from before the restore, or
 * schedules (a production service, not a fresh scratch target): what
 * happened, when, from where and by which restore. A drill's credit to its
 * source is restore_proven's business and stays.
 */
export function restoredOver(
  t: ServiceTally,
  restores: readonly RestoreInto[],
  ctx: RuleContext,
): Draft[] {
  // An in-place restore (a rollback, or a drill of the service onto itself) is the owner's own
  // state coming back: its timeline break is applied, but only foreign data is a finding.
  const recent = restores.filter(
    (r) =>
      r.at >= ctx.windowStart &&
      !(r.source !== undefined && r.source.kind !== "file" && r.source.service === t.serviceId),
  );
  const newest = recent.at(-1);
  if (newest === undefined) return [];
  const own = (t.oldestStart ?? Infinity) < newest.at || (t.schedules?.length ?? 0) > 0;
  if (!own) return [];
  const from =
    newest.source === undefined || newest.source.kind === "file"
      ? "a file in a bucket"
      : `${newest.source.kind === "backup" ? "a backup" : "a point in time"} of ${newest.source.service}`;
  const others =
    recent.length > 1 ? ` (${recent.length} restores into it in ${ctx.lookbackDays} days)` : "";
  const outcome = newest.status === "Succeeded" ? "" : ` (${newest.status})`;
  const message = `Replaced ${utcMinutes(newest.at)} by restore #${newest.id ?? "?"}${outcome} from ${from}${others}; older points are another timeline.`;
  return [
    {
      severity: "info",
      kind: "restored_over",
      message,
      count: recent.length,
      since: isoSeconds(newest.at),
    },
  ];
}
