/**
 * What a restore could start from and reach: a recent base backup
 * (base_backup_age), a short incremental chain on it, and binary-log
 * coverage up to about now (pitr_coverage). A base is judged over the whole
 * history scanned, never only the lookback window, so a longer lookback can
 * not make a 9-day-old full look fine.
 */
import { isBaseType } from "../api/records.js";
import { DAY_MS, HOUR_MS, hoursBetween } from "../util/time.js";
import { ageText, isoSeconds, utcMinutes } from "../util/format.js";
import { cronInterval } from "./expected-runs.js";
import type { Draft, RuleContext } from "./findings.js";
import type { ServiceTally } from "./service-tally.js";
import { LONG_CHAIN, type ControlResult } from "./types.js";

export function baseAge(
  t: ServiceTally,
  ctx: RuleContext,
): { drafts: Draft[]; result: ControlResult } {
  if (t.total === 0) return { drafts: [], result: "not_applicable" };
  const base = t.lastBase;
  const chain = t.chainLength;
  const chainText = chain > 0 ? `, ${chain} incrementals since` : "";
  if (base !== undefined && ctx.nowMs - base.at <= ctx.maxFullAgeDays * DAY_MS) {
    if (chain < LONG_CHAIN) return { drafts: [], result: "pass" };
    const fullScheduled = (t.schedules ?? []).some(
      (s) => s.type === "full" && !s.suspended && s.schedule.trim().toLowerCase() !== "once",
    );
    const advice = fullScheduled
      ? "schedule fulls more often"
      : "add a full schedule (create_backup_schedule)";
    const message = `${chain} incrementals since the last ${base.type} (${utcMinutes(base.at)}): a restore replays them all; ${advice}.`;
    const since = isoSeconds(base.at);
    return {
      drafts: [{ severity: "info", kind: "long_incremental_chain", message, count: chain, since }],
      result: "pass",
    };
  }
  // Already said by rpo: no base at all, or nothing at all succeeded since long before the limit.
  const last = t.lastSuccess;
  if (base === undefined || last === undefined || ctx.nowMs - last.at > ctx.maxFullAgeDays * DAY_MS)
    return { drafts: [], result: "fail" };
  const advice = hasBaseSchedule(t)
    ? "find why its base schedule does not deliver"
    : "add a full schedule (create_backup_schedule)";
  const message = `No successful full, snapshot or dump in ${ctx.maxFullAgeDays} days (last: ${base.type} ${utcMinutes(base.at)}${chainText}); ${advice}.`;
  const draft: Draft = {
    severity: "warning",
    kind: "no_recent_full",
    message,
    since: isoSeconds(base.at),
    ...(chain > 0 && { count: chain }),
  };
  return { drafts: [draft], result: "fail" };
}

function hasBaseSchedule(t: ServiceTally): boolean {
  return (t.schedules ?? []).some(
    (s) => !s.suspended && s.schedule.trim().toLowerCase() !== "once" && isBaseType(s.type),
  );
}

/**
 * How far point-in-time coverage lags behind now, where a recurring binarylog schedule exists.
 * `explained`: another finding (missed runs of a binlog schedule, a failing streak) already says why.
 */
export function pitrLag(
  t: ServiceTally,
  ctx: RuleContext,
  explained: boolean,
  gapsFound: boolean,
): { drafts: Draft[]; result: ControlResult } {
  const binlogSchedules = (t.schedules ?? []).filter(
    (s) => s.type === "binarylog" && s.schedule.trim().toLowerCase() !== "once",
  );
  const hasLogs = t.binlogs.length > 0 || t.binlogBefore !== undefined;
  if (binlogSchedules.length === 0) {
    if (t.schedules === undefined && !hasLogs) return { drafts: [], result: "unknown" };
    return { drafts: [], result: gapsFound ? "fail" : "not_applicable" };
  }
  const intervals = binlogSchedules
    .map((s) => cronInterval(s.schedule, ctx.nowMs) ?? 0)
    .filter((ms) => ms > 0);
  const interval = intervals.length > 0 ? Math.min(...intervals) : HOUR_MS;
  // Two missed intervals plus the usual delay of the newest one, as for missed runs.
  const limit = 2 * interval + Math.min(interval, HOUR_MS);
  const end = t.binlogs.reduce((max, p) => Math.max(max, p.at), t.binlogBefore?.at ?? -Infinity);
  const active = binlogSchedules.filter((s) => !s.suspended);
  // Every binarylog schedule suspended: coverage ends now (some_suspended says so), whatever the lag.
  if (active.length === 0) return { drafts: [], result: "fail" };
  // The oldest active one: a binlog schedule added minutes ago must not excuse an old silent one.
  const created = Math.min(...active.map((s) => s.createdMs ?? ctx.windowStart));
  const from = Number.isFinite(end) ? end : Math.max(created, ctx.windowStart);
  if (ctx.nowMs - from <= limit) return { drafts: [], result: gapsFound ? "fail" : "pass" };
  if (explained) return { drafts: [], result: "fail" };
  const lag = ageText(hoursBetween(from, ctx.nowMs));
  const message = Number.isFinite(end)
    ? `Point-in-time restore reaches only ${utcMinutes(end)}, ${lag} behind; check the binarylog schedule.`
    : `No binary-log backup yet, so no point-in-time restore; check the binarylog schedule.`;
  return {
    drafts: [
      {
        severity: "warning",
        kind: "binlog_lag",
        message,
        ...(Number.isFinite(end) && { since: isoSeconds(end) }),
      },
    ],
    result: "fail",
  };
}
