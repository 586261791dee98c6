/**
 * The rules about what happened: recovery point age, failures, stuck runs,
 * binary-log gaps. One service's tally in, drafts of findings out. Each
 * message says what is wrong and what to do with this server's tools, in
 * one short sentence, because an assistant relays it as is and the audit's
 * text has to stay within a few hundred tokens.
 */
import { isBaseType, type Restore } from "../api/records.js";
import type { ServiceTally, Streak } from "./service-tally.js";
import { STUCK_AFTER_HOURS, LONG_CHAIN, type Finding, type ControlResult } from "./types.js";
import { cronFires } from "../cron/fires.js";
import {
  binlogGaps,
  binlogSegments,
  outcomeOf,
  restoredAtOf,
  restoreSourceOf,
  suspectFigures,
  suspectText,
  type Start,
  type RestoreSource,
} from "../recovery/model.js";
import { ageText, isoSeconds, utcMinutes, utcWindow, formatBytes } from "../util/format.js";
import { byAt } from "../util/sorted.js";
import { HOUR_MS, hoursBetween, DAY_MS, MINUTE_MS } from "../util/time.js";

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
 * one model, recovery/model.ts's restorePoints, the point plan_restore names as "latest").
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

/**
 * The "restore_proven" control: has a restore made FROM this service's
 * backups succeeded lately? The API lists restores per TARGET, so the
 * history of every audited target is gathered here and each restore is
 * credited to its source, read from its backup_id: a managed key
 * `<hex>:<source service id>:<pod>`, or for a point-in-time restore the
 * source service id itself. Any other shape (an external bucket's file, a
 * format nobody documented) is ignored and counted, never guessed at.
 */
interface Drill {
  target: string;
  at: number;
  ok: boolean;
  failed: boolean;
}

export interface RestoreInto {
  at: number;
  id?: number;
  source?: RestoreSource;
  status: string;
}

export interface ProofRules {
  nowMs: number;
  days: number;
  /** Given by require_restore_drill_days: an unproven service is then a warning, not info. */
  required: boolean;
}

/**
 * The service whose backup a restore read, or undefined when its backup_id
 * is a file (or no shape we know): never guessed at. A bare id is taken as a
 * point-in-time source: if it names no audited service, it is never asked for.
 */
export function sourceOf(backupId: string): string | undefined {
  const source = restoreSourceOf(backupId);
  return source.kind === "file" ? undefined : source.service;
}

export class RestoreHistory {
  private read = false;
  private readonly raw: { target: string; restore: Restore }[] = [];
  private readonly seen = new Set<string>();
  private readonly unreadable = new Map<string, string>();
  private drills: Map<string, Drill[]> | undefined;
  private ignored = 0;
  private unproven = 0;
  /** Said when a service is unproven: the targets read may not be all there are. */
  private partial: string | undefined;

  /** One target's listed restores; a restore listed under several targets counts once. */
  add(targetId: string, restores: Iterable<Restore>): void {
    this.read = true;
    for (const restore of restores) {
      const target = restore.service_id ?? targetId;
      const key =
        restore.id === undefined
          ? JSON.stringify([target, restore.backup_id, restore.created_at])
          : String(restore.id);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.raw.push({ target, restore });
    }
  }

  /**
   * The restores INTO a service, oldest first: each replaced its data at `at`
   * (a new binlog timeline), from `source` when the backup_id tells it.
   */
  into(serviceId: string): RestoreInto[] {
    const out: RestoreInto[] = [];
    for (const { target, restore } of this.raw) {
      if (target !== serviceId) continue;
      const at = restoredAtOf(restore);
      if (at === undefined) continue;
      const source = restore.backup_id ? restoreSourceOf(restore.backup_id) : undefined;
      out.push({
        at,
        ...(restore.id !== undefined && { id: restore.id }),
        ...(source !== undefined && { source }),
        status: restore.status ?? "unknown",
      });
    }
    return out.sort(byAt);
  }

  /** The targets read were only some of the account's (a filtered audit). */
  onlySomeTargets(note: string): void {
    this.partial = note;
  }

  /** A target whose restores could not be listed, and why. */
  unread(targetId: string, reason: string): void {
    this.read = true;
    this.unreadable.set(targetId, reason);
  }

  /** Credits each restore to its source; called once every target is in (finish). */
  attribute(): void {
    const drills = new Map<string, Drill[]>();
    this.ignored = 0;
    for (const { target, restore } of this.raw) {
      const source = restore.backup_id && sourceOf(restore.backup_id);
      const at = restoredAtOf(restore);
      if (!source || at === undefined) {
        this.ignored += 1;
        continue;
      }
      const outcome = outcomeOf(restore.status);
      const list = drills.get(source) ?? [];
      list.push({ target, at, ok: outcome === "succeeded", failed: outcome === "failed" });
      drills.set(source, list);
    }
    this.drills = drills;
  }

  evaluate(
    serviceId: string,
    hasBackups: boolean,
    rules: ProofRules,
  ): { result: ControlResult; drafts: Draft[] } {
    if (!this.read) return { result: "unknown", drafts: [] };
    if (!hasBackups) return { result: "not_applicable", drafts: [] };
    const mine = this.drills?.get(serviceId) ?? [];
    const newest = (pick: (d: Drill) => boolean): Drill | undefined =>
      mine.filter(pick).reduce<Drill | undefined>((a, d) => (a && a.at >= d.at ? a : d), undefined);
    const success = newest((d) => d.ok);
    if (success && rules.nowMs - success.at <= rules.days * DAY_MS) {
      return { result: "pass", drafts: [] };
    }
    // A target left unread may hold the recent drill: no verdict either way.
    if (this.unreadable.size > 0) return { result: "unknown", drafts: [] };
    const failure = newest((d) => d.failed);
    const draft: Draft = {
      severity: rules.required ? "warning" : "info",
      kind: "restore_unproven",
      message: unprovenMessage(success, failure, rules, this.partial !== undefined),
      count: mine.length,
      ...(success && { since: isoSeconds(success.at) }),
    };
    this.unproven += 1;
    return { result: "fail", drafts: [draft] };
  }

  notes(audited: number): string[] {
    const notes: string[] = [];
    if (this.unreadable.size > 0) {
      const [reason] = this.unreadable.values();
      notes.push(
        `restore history unreadable for ${this.unreadable.size} of ${audited} services (${reason}): restore_proven is unknown unless a recent drill was found`,
      );
    }
    if (this.ignored > 0) {
      notes.push(
        `${this.ignored} restore${this.ignored === 1 ? "" : "s"} ignored: backup_id is neither a backup key nor a service id (e.g. an external bucket), or undated`,
      );
    }
    if (this.partial !== undefined && this.unproven > 0) notes.push(this.partial);
    return notes;
  }
}

const DRILL_HOW = "drill one into a scratch service (plan_restore target_service_id)";

function unprovenMessage(
  success: Drill | undefined,
  failure: Drill | undefined,
  rules: ProofRules,
  /** Only the audited services were read as targets: say so in the claim itself. */
  someTargets: boolean,
): string {
  const among = someTargets ? " among restores into the audited services" : "";
  const days = (d: Drill): number => Math.floor((rules.nowMs - d.at) / DAY_MS);
  const failed =
    failure && (!success || failure.at > success.at)
      ? `the latest, ${utcMinutes(failure.at)} into ${failure.target}, failed`
      : undefined;
  if (success) {
    const tail = failed ? `; ${failed}` : "";
    return `Last successful restore from its backups${among} was ${days(success)} days ago (${utcMinutes(success.at)} into ${success.target}), over ${rules.days} days${tail}; ${DRILL_HOW}.`;
  }
  if (failed)
    return `No restore from its backups ever succeeded${among}; ${failed}; fix the cause and ${DRILL_HOW}.`;
  // A filtered audit read only the audited services' restores: a drill into a scratch service
  // outside it may exist, so absence is claimed only of what was read.
  if (someTargets)
    return `No restore from its backups into the audited services (restores into other services were not read: audit its drill target too); ${DRILL_HOW}.`;
  return `No restore from its backups on record; ${DRILL_HOW}.`;
}

/**
 * The rules about backups that succeeded but cannot be trusted, and about
 * growth that costs money: suspect bases and runaway growth, judged by the
 * one rule recovery/model.ts's BaseSizes holds (plan_restore passes over the same
 * bases). One finding per service and rule, naming the newest case with
 * its figures, so a service with a bad week still costs one line.
 */
/** Suspect bases (0 bytes, or far under the median of their type) within the lookback window. */
export function suspectBases(t: ServiceTally, ctx: RuleContext): Draft[] {
  const inWindow = t.sizes.suspects(t.sizeRules).filter((s) => s.at >= ctx.windowStart);
  const newest = inWindow[0];
  if (newest === undefined) return [];
  const more = inWindow.length > 1 ? `${inWindow.length} suspect bases, newest: ` : "";
  const message = `${more}${suspectText(newest, false)}; restores skip it; check it (list_service_backups).`;
  return [
    {
      severity: "warning",
      kind: "suspect_base",
      message,
      count: inWindow.length,
      since: isoSeconds(newest.at),
      figures: suspectFigures(newest),
    },
  ];
}

/** A type's newest base over the growth factor times the one a week before it: info, it costs storage. */
export function runawayGrowth(t: ServiceTally, ctx: RuleContext): Draft[] {
  return t.sizes
    .growth(t.sizeRules)
    .filter((g) => g.to.at >= ctx.windowStart)
    .map((g) => {
      const field = g.field === "backup_size" ? "" : ` (${g.field})`;
      const message = `${g.type} backups grew ${g.factor}x in a week${field}: ${formatBytes(g.from.bytes)} on ${utcMinutes(g.from.at)} to ${formatBytes(g.to.bytes)} on ${utcMinutes(g.to.at)}; storage and restore disk grow with it, check what grew.`;
      return {
        severity: "info",
        kind: "runaway_growth",
        message,
        from: isoSeconds(g.from.at),
        to: isoSeconds(g.to.at),
        figures: {
          type: g.type,
          size_field: g.field,
          from_backup_id: g.from.id,
          from_bytes: g.from.bytes,
          to_backup_id: g.to.id,
          to_bytes: g.to.bytes,
          factor: g.factor,
        },
      };
    });
}

/**
 * Did a recurring schedule deliver when its cron said? Fire times are the
 * previews' own (cron/fires.ts, matched in schedule-controls.ts); a fire is
 * delivered when a successful backup of the schedule's type started near it,
 * and attempted when any backup of that type did (a failed run). Only the
 * newest run of misses counts: a schedule that delivered an hour ago works,
 * whatever it missed a week ago (those runs show up as failures or gaps).
 */
/** A run may start a little before its minute (clock skew between scheduler and API). */
export const EARLY_MS = 10 * MINUTE_MS;
/** The longest start delay tolerated, and so how long a fire stays "still due". */
export const LATE_CAP_MS = 6 * HOUR_MS;
/**
 * Fires looked at per schedule: a per-minute cron over 90
 * days would be 129,600. Beyond this the count reads "at least".
 */
export const MAX_FIRES = 500;

export interface RunCheck {
  /** Judged fires since the newest delivered one, none of which got a successful backup. */
  missed: number;
  /** Of those, the fires with no attempt at all: the schedule was silent, not failing. */
  silent: number;
  /** MAX_FIRES was reached: at least `missed`. */
  atLeast: boolean;
  /** The newest fire that got its backup, if any since `fromMs`. */
  lastDelivered?: number;
}

/** What the tally knows of one type's starts in the window. */
export interface Starts {
  /** Start times of successful backups of the type, sorted. */
  delivered: readonly number[];
  /** Start times of every backup of the type (any outcome), sorted. */
  attempted: readonly number[];
}

/**
 * Whether a cron can be judged: 5 valid fields that fire at least once in either direction
 * ("0 0 30 2 *" never does). Missing, "@daily" or 6-field crons cannot.
 */
export function cronReadable(cron: string, nowMs: number): boolean {
  const fires = cronFires(cron);
  return (
    fires !== undefined && (fires.prev(nowMs) !== undefined || fires.next(nowMs) !== undefined)
  );
}

/**
 * "hourly", "daily", "6-hourly", or the cron itself when no simple word fits.
 * The word is used only when the cron fires at one even spacing: a weekday
 * cron ("0 2 * * 1-5") is not "daily", whatever its last two fires say.
 */
export function cadence(cron: string, nowMs: number): string {
  const quoted = `"${cron.trim()}"`;
  const fires = cronFires(cron)?.take(nowMs, 9) ?? [];
  const steps = fires.slice(1).map((at, i) => at - (fires[i] ?? at));
  const [first] = steps;
  if (first === undefined || steps.some((step) => step !== first)) return quoted;
  const hours = first / HOUR_MS;
  if (hours === 1) return "hourly";
  if (hours === 24) return "daily";
  if (hours === 168) return "weekly";
  if (Number.isInteger(hours) && hours > 1 && hours < 24 && 24 % hours === 0)
    return `${hours}-hourly`;
  return quoted;
}

/** The spacing of a cron's next two fires after `nowMs`; undefined for "once" or an invalid cron. */
function cronInterval(cron: string, nowMs: number): number | undefined {
  const [a, b] = cronFires(cron)?.take(nowMs, 2) ?? [];
  return a !== undefined && b !== undefined ? b - a : undefined;
}

/**
 * What a restore could start from and reach: a recent base backup
 * (base_backup_age), a short incremental chain on it, and binary-log
 * coverage up to about now (pitr_coverage). A base is judged over the whole
 * history scanned, never only the lookback window, so a longer lookback can
 * not make a 9-day-old full look fine.
 */
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
