/**
 * Matches backups to the fires of all active schedules of one type at once.
 * A backup does not name its schedule, so two schedules of the same type
 * could both take credit for one backup (a working 02:00 full inside the
 * late window of a dead 01:00 one). Here each fire owns the stretch of time
 * nearest to it, up to the next fire of ANY schedule of the type, and a
 * backup counts for the one fire whose stretch it starts in.
 */
import { shownId, BACKUP_TYPES, isBaseType } from "../api/records.js";
import {
  EARLY_MS,
  LATE_CAP_MS,
  MAX_FIRES,
  cadence,
  cronReadable,
  type RunCheck,
  type Starts,
  type Draft,
  type RuleContext,
} from "./findings.js";
import { OLDEST_KEPT, type ScheduleFacts, type ServiceTally } from "./service-tally.js";
import type { ControlResult } from "./types.js";
import { cronFires, type CronFires } from "../cron/fires.js";
import { lostProtection } from "../recovery/model.js";
import { isoSeconds, utcMinutes } from "../util/format.js";
import { firstReached } from "../util/sorted.js";
import { DAY_MS, HOUR_MS } from "../util/time.js";

interface Judged {
  cron: string;
  /** Fires older than this are not judged (creation, change, history floor). */
  fromMs: number;
}

/** Walks one schedule's fires from `untilMs` back to its `fromMs`, one fire ahead. */
class FireWalk {
  peek: number | undefined;
  steps = 0;
  /** prev() is strictly before: one past the newest fire that may be judged. */
  private cursor: number;
  constructor(
    private readonly fires: CronFires,
    untilMs: number,
    private readonly fromMs: number,
  ) {
    this.cursor = untilMs + 1;
    this.advance();
  }

  advance(): void {
    this.peek = undefined;
    // A few more than MAX_FIRES: the newest ones may still be due.
    if (this.steps >= MAX_FIRES + 4) return;
    this.steps += 1;
    const at = this.fires.prev(this.cursor);
    if (at === undefined || at < this.fromMs) return;
    this.peek = at;
    this.cursor = at;
  }
}

/**
 * One RunCheck per schedule, in input order; undefined for a cron that cannot be read. Fires are
 * walked newest first, all schedules of the type in step, and only until every schedule has met
 * its newest delivered fire, so a working schedule costs a few cron steps, not a window of them.
 */
function matchFires(
  list: readonly Judged[],
  starts: Starts,
  untilMs: number,
): (RunCheck | undefined)[] {
  const checks: (RunCheck | undefined)[] = [];
  const walks: (FireWalk | undefined)[] = [];
  let next: number | undefined;
  for (const s of list) {
    const fires = cronFires(s.cron);
    if (fires === undefined) {
      checks.push(undefined);
      walks.push(undefined);
      continue;
    }
    // A cron with no next fire still has past ones to judge.
    const later = fires.next(untilMs);
    const walk = new FireWalk(fires, untilMs, s.fromMs);
    if (later !== undefined && (next === undefined || later < next)) next = later;
    checks.push({ missed: 0, silent: 0, atLeast: false });
    walks.push(walk);
  }
  const open = new Set(walks.flatMap((w, who) => (w ? [who] : [])));
  while (open.size > 0) {
    const at = newestPeek(walks);
    if (at === undefined) break;
    const group: number[] = [];
    for (const [who, w] of walks.entries()) {
      if (w?.peek === at) {
        group.push(who);
        w.advance();
      }
    }
    const prev = newestPeek(walks);
    const lo = at - (prev === undefined ? EARLY_MS : Math.min(EARLY_MS, (at - prev) / 2));
    const hi = Math.min(
      at + LATE_CAP_MS,
      next === undefined ? Infinity : next - Math.min(EARLY_MS, (next - at) / 2),
    );
    next = at;
    // Still due: its run may yet start.
    if (hi > untilMs) continue;
    let delivered = countWithin(starts.delivered, lo, hi);
    let failed = countWithin(starts.attempted, lo, hi) - delivered;
    for (const who of group) {
      const check = checks[who];
      const got = delivered > 0 ? "delivered" : failed > 0 ? "failed" : "silent";
      if (got === "delivered") delivered -= 1;
      else if (got === "failed") failed -= 1;
      if (check === undefined || !open.has(who)) continue;
      if (got === "delivered") {
        check.lastDelivered = at;
        open.delete(who);
        continue;
      }
      check.missed += 1;
      if (got === "silent") check.silent += 1;
      if (check.missed >= MAX_FIRES) {
        check.atLeast = true;
        open.delete(who);
      }
    }
  }
  return checks;
}

function newestPeek(walks: readonly (FireWalk | undefined)[]): number | undefined {
  let at: number | undefined;
  for (const w of walks)
    if (w?.peek !== undefined && (at === undefined || w.peek > at)) at = w.peek;
  return at;
}

/** How many values of a sorted list lie in [from, to). */
function countWithin(sorted: readonly number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(sorted: readonly number[], value: number): number {
  return firstReached(sorted.length, (i) => (sorted[i] ?? Infinity) >= value);
}

/**
 * Backups made by one-time schedules. A once run never stands in for a cron
 * run and never says where the listed history starts: it is the first backup
 * of the schedule's type to start after the schedule was created, whenever
 * that is (it may queue behind a running backup), and never one that started
 * before (the cron's own run a minute earlier).
 */
/** created_at and start_time may be rounded differently. */
const SKEW_MS = 5_000;

const isOnce = (s: ScheduleFacts): boolean => s.schedule.trim().toLowerCase() === "once";

/** Start times, per type, of the backups one-time schedules made. */
type OnceRuns = ReadonlyMap<string, ReadonlySet<number>>;

/** Finds each once run; the tally is left as it is, so a report can be made again. */
function findOnceRuns(t: ServiceTally, list: readonly ScheduleFacts[]): OnceRuns {
  const runs = new Map<string, Set<number>>();
  const once = list
    .filter((s) => isOnce(s) && s.createdMs !== undefined)
    .sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
  for (const s of once) {
    const taken = runs.get(s.type) ?? new Set<number>();
    const at = firstStartAfter(t, s.type, (s.createdMs ?? 0) - SKEW_MS, taken);
    if (at === undefined) continue;
    taken.add(at);
    runs.set(s.type, taken);
  }
  return runs;
}

/** Starts of one type without the once runs among them (one each: a start may repeat). */
function withoutOnceRuns(
  starts: readonly number[],
  runs: ReadonlySet<number> | undefined,
): readonly number[] {
  if (runs === undefined || runs.size === 0) return starts;
  const left = new Set(runs);
  return starts.filter((at) => !left.delete(at));
}

/**
 * The first start at or after `from`, looked up only where the tally knows every start: among
 * the oldest kept of the type, in the window, or among the newest finished ones.
 */
function firstStartAfter(
  t: ServiceTally,
  type: string,
  from: number,
  taken: ReadonlySet<number>,
): number | undefined {
  const first = (list: readonly number[]): number | undefined =>
    list.find((at) => at >= from && !taken.has(at));
  const oldest = t.oldestOf(type);
  const inOldest = first(oldest);
  if (inOldest !== undefined) return inOldest;
  if (from >= t.windowStart) return first(t.attempted.of(type));
  const recent = (t.recent.get(type) ?? []).map((f) => f.at).reverse();
  if (recent.length > 0 && (recent[0] ?? Infinity) <= from) return first(recent);
  return undefined;
}

/** The oldest start of the type that is not a once run: where its listed history begins. */
function historyFloor(t: ServiceTally, type: string, runs: OnceRuns): number | undefined {
  const oldest = t.oldestOf(type);
  const mine = runs.get(type);
  const floor = oldest.find((at) => mine?.has(at) !== true);
  if (floor !== undefined) return floor;
  // Every kept oldest start was a once run: older ones are unknown, the newest kept is a safe floor.
  return oldest.length >= OLDEST_KEPT ? oldest.at(-1) : undefined;
}

/** The oldest start of any type that is not a once run. */
function serviceFloor(t: ServiceTally, runs: OnceRuns): number | undefined {
  let floor: number | undefined;
  for (const type of t.typesSeen()) {
    const at = historyFloor(t, type, runs);
    if (at !== undefined && (floor === undefined || at < floor)) floor = at;
  }
  return floor;
}

/** The newest successful start of the type that is not a once run. */
function newestDelivered(t: ServiceTally, type: string, runs: OnceRuns): number | undefined {
  const mine = runs.get(type);
  const newest = t.newestDeliveredOf.get(type);
  if (newest === undefined || mine?.has(newest) !== true) return newest;
  const ok = (t.recent.get(type) ?? []).find((f) => !f.failed && !mine.has(f.at));
  return ok?.at;
}

/**
 * schedules_deliver: whether each active recurring schedule ran when its cron
 * said, and the findings for those that did not (missed_runs for a schedule
 * that stopped, never_produced for one that never ran since its creation).
 */
/** Binlog backups are frequent and light: one late run is jitter, two in a row is silence. */
const BINLOG_MISSES = 2;

/** " #12", the way schedules are named in messages. */
const scheduleRef = (s: ScheduleFacts): string =>
  s.id === undefined && s.unusable_id === undefined ? "" : ` #${shownId(s)}`;
const scheduleIds = (list: readonly ScheduleFacts[]): number[] =>
  list.flatMap((s) => (s.id === undefined ? [] : [s.id]));

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

/** Where a schedule is judged from: its creation or change, the window, the listed history. */
function judgedFrom(ctx: RuleContext, s: ScheduleFacts, floor: number | undefined): number {
  const changed = isChanged(s);
  return Math.max(
    ctx.windowStart + EARLY_MS,
    s.createdMs ?? -Infinity,
    changed ? (s.updatedMs ?? -Infinity) : -Infinity,
    floor ?? -Infinity,
  );
}

const isChanged = (s: ScheduleFacts): boolean =>
  s.updatedMs !== undefined && s.updatedMs > (s.createdMs ?? -Infinity);

/**
 * A schedule's misses as a Late, or undefined when it delivers. `floor`: its type's oldest
 * listed start that no once schedule made (older runs may have been expired by retention).
 * `newest`: the type's newest successful start that no once schedule made, when the schedule is
 * the only one of its type (with siblings a backup of the type may be theirs).
 */
function lateness(
  ctx: RuleContext,
  s: ScheduleFacts,
  check: RunCheck,
  judged: { fromMs: number; floor: number | undefined; newest: number | undefined; alone: boolean },
): Late | undefined {
  if (check.missed < (s.type === "binarylog" ? BINLOG_MISSES : 1)) return undefined;
  const { fromMs, floor, newest } = judged;
  // "Never" only when the schedule was created inside the listed history: before it, runs may
  // have been expired by retention, so all that can be said is "none listed since".
  const created = s.createdMs;
  const never =
    check.lastDelivered === undefined &&
    created !== undefined &&
    created >= (floor ?? -Infinity) - EARLY_MS &&
    (judged.alone
      ? newest === undefined || newest < created
      : created + EARLY_MS >= ctx.windowStart);
  const lastRun = check.lastDelivered ?? newest;
  return {
    schedule: s,
    check,
    never,
    fromMs,
    ...(isChanged(s) && { changedMs: s.updatedMs }),
    ...(lastRun !== undefined && { lastRun }),
  };
}

/**
 * Findings for the schedules that went silent or failing. Misses that are all failed runs get
 * no line here when a failing streak of their type (`covered`) already names them.
 */
function deliveryFindings(
  flagged: readonly Late[],
  covered: (type: string) => boolean,
  window: { windowStart: number; lookbackDays: number; nowMs: number },
): Draft[] {
  const { windowStart, lookbackDays, nowMs } = window;
  const label = (f: Late): string =>
    `${cadence(f.schedule.schedule, nowMs)} ${f.schedule.type}${scheduleRef(f.schedule)}`;
  const drafts: Draft[] = [];
  const silent = flagged.filter((f) => f.check.silent > 0 || !covered(f.schedule.type));
  const never = silent.filter((f) => f.never);
  const missed = silent.filter((f) => !f.never);
  if (never.length > 0) {
    const parts = never.map((f) => {
      const created = f.schedule.createdMs;
      const since =
        f.changedMs !== undefined
          ? `its change ${utcMinutes(f.changedMs)}`
          : created !== undefined
            ? `its creation ${utcMinutes(created)}`
            : "the window start";
      return `${label(f)} has produced no backup since ${since} (${runs(f, "due")})`;
    });
    const message = `${parts.join("; ")}; check the schedule (list_backup_schedules) and the service.`;
    drafts.push({
      severity: "warning",
      kind: "never_produced",
      message,
      count: total(never),
      schedule_ids: scheduleIds(never.map((f) => f.schedule)),
    });
  }
  if (missed.length > 0) {
    // Without any run of its type in view, only "none listed since" the oldest time judged is known.
    const since = (f: Late): string =>
      f.lastRun !== undefined
        ? `since ${utcMinutes(f.lastRun)}`
        : f.fromMs <= windowStart + EARLY_MS
          ? `none in ${lookbackDays} days`
          : `with none listed since ${utcMinutes(f.fromMs)}`;
    const judged = (f: Late): string =>
      f.changedMs === undefined ? "" : `, judged since its change ${utcMinutes(f.changedMs)}`;
    const [one] = missed;
    const message =
      missed.length === 1 && one !== undefined
        ? `${label(one)} has produced nothing ${since(one)} (${runs(one, "missed")}${judged(one)}); find why (list_backup_schedules).`
        : `Not producing: ${missed.map((f) => `${label(f)} ${since(f)} (${runs(f, "missed", false)}${judged(f)})`).join(", ")}; find why (list_backup_schedules).`;
    const last = missed.map((f) => f.lastRun).filter((v) => v !== undefined);
    drafts.push({
      severity: "warning",
      kind: "missed_runs",
      message,
      count: total(missed),
      schedule_ids: scheduleIds(missed.map((f) => f.schedule)),
      ...(last.length > 0 && { since: isoSeconds(Math.min(...last)) }),
    });
  }
  return drafts;
}

/** "3 runs missed", "at least 500 runs due", "2 runs missed, 1 failed"; in a list of several, "3 missed". */
const runs = (f: Late, what: string, noun = true): string => {
  const { missed, silent, atLeast } = f.check;
  const failed = missed - silent;
  const runWord = noun ? ` run${missed === 1 ? "" : "s"}` : "";
  const n = `${atLeast ? "at least " : ""}${missed}${runWord} ${what}`;
  return failed > 0 ? `${n}, ${failed} failed` : n;
};
const total = (list: readonly Late[]): number => list.reduce((sum, f) => sum + f.check.missed, 0);

/**
 * schedules_meet_targets: the one control that looks ahead, as AWS Backup
 * Audit Manager's "backup plan meets minimum frequency" does. If every run
 * of the service's active recurring schedules delivers, will the newest
 * restorable point stay within the RPO (max_age_hours), and the newest base
 * within max_full_age_days, over the next OUTLOOK_DAYS? A weekday-only cron
 * leaves a weekend hole, "0 4 31 * *" skips five months, "0 2 29 2 *" waits
 * for a leap year: each passes every rule about the past until the day it
 * breaks. Whether the runs do deliver is schedules_deliver's question, and
 * a target already missed today is rpo's or base_backup_age's; this one
 * names the coming breach, so "is anything at risk this weekend?" has an
 * answer. Suspended and one-time schedules never count.
 */
/** How far ahead the schedules are judged. */
const OUTLOOK_DAYS = 7;
/**
 * Jumps per walk. Each jump lands on the last fire within reach of the point before it, so two
 * jumps always cover more than one target's length: 7 days at the 1h floor of max_age_hours is
 * at most 338, whatever the cron's density ("* * * * *" costs what "0 * * * *" does).
 */
const MAX_JUMPS = 400;

/** How long after its fire a run that has not delivered yet still counts as on its way. */
const PENDING_MS = HOUR_MS;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The service's newest points now: what a restore reaches, and its newest base. */
export interface Current {
  pointMs?: number;
  baseMs?: number;
}

/** The last fire in (lo, hi]. */
function lastIn(fires: CronFires, lo: number, hi: number): number | undefined {
  const last = fires.prev(hi + 1);
  return last !== undefined && last > lo ? last : undefined;
}

interface Breach {
  /** When the target breaks. */
  at: number;
  /** The gap: the point it is measured from, and the next run after it (none known: undefined). */
  from: number;
  to?: number;
}

/**
 * The first moment within (now, end] at which nothing newer than `limitMs` exists, if every fire
 * delivers. `fromMs` is the newest point now; a point already over the limit is rpo's (or
 * base_backup_age's) finding, so the walk starts at the first fire of `starters` instead.
 */
function firstBreach(
  fires: readonly CronFires[],
  starters: readonly CronFires[],
  fromMs: number | undefined,
  limitMs: number,
  nowMs: number,
): Breach | undefined {
  const endMs = nowMs + OUTLOOK_DAYS * DAY_MS;
  const soonest = (list: readonly CronFires[], after: number): number | undefined =>
    min(list.map((f) => f.next(after)));
  let point = fromMs !== undefined && fromMs + limitMs > nowMs ? fromMs : soonest(starters, nowMs);
  for (let jump = 0; point !== undefined && jump < MAX_JUMPS; jump++) {
    const reach = point + limitMs;
    if (reach >= endMs) return undefined;
    // A run due within the last hour may still be under way; older ones are missed_runs' business.
    const lo = Math.max(point, nowMs - PENDING_MS);
    if (
      fires.some(
        (f) =>
          f.dailyGapMs !== undefined &&
          f.dailyGapMs <= limitMs &&
          (f.next(lo) ?? Infinity) <= reach,
      )
    )
      return undefined;
    const next = max(fires.map((f) => lastIn(f, lo, reach)));
    if (next === undefined) {
      const to = soonest(fires, reach);
      return { at: reach, from: point, ...(to !== undefined && { to }) };
    }
    point = next;
  }
  return undefined;
}

export function scheduleOutlook(
  schedules: readonly ScheduleFacts[] | undefined,
  current: Current,
  ctx: RuleContext,
): { drafts: Draft[]; result: ControlResult } {
  if (schedules === undefined) return { drafts: [], result: "unknown" };
  const active = schedules.filter(
    (s) => !s.suspended && !isOnce(s) && BACKUP_TYPES.some((type) => type === s.type),
  );
  // No recurring protection at all: recurring_protection fails, and says why.
  if (active.length === 0) return { drafts: [], result: "not_applicable" };
  const readable = active.flatMap((s) => {
    const fires = cronFires(s.schedule);
    // A cron that parses but never fires simply offers no fire; unreadable_cron names the rest.
    return fires ? [{ base: isBaseType(s.type), fires }] : [];
  });
  // No cron can be read: unreadable_cron already says nothing is known to run.
  if (readable.length === 0) return { drafts: [], result: "unknown" };
  const all = readable.map((r) => r.fires);
  const bases = readable.filter((r) => r.base).map((r) => r.fires);
  // Incrementals and binlogs restore nothing without a base: with none yet, a base run starts it.
  const rpoBreach = firstBreach(
    all,
    current.pointMs === undefined ? bases : all,
    current.pointMs,
    ctx.maxAgeHours * HOUR_MS,
    ctx.nowMs,
  );
  const baseBreach = firstBreach(
    bases,
    bases,
    current.baseMs,
    ctx.maxFullAgeDays * DAY_MS,
    ctx.nowMs,
  );
  // Every base schedule suspended: some_suspended already says no new base comes.
  const paused = bases.length === 0 && schedules.some((s) => s.suspended && isBaseType(s.type));
  const drafts = [
    ...(rpoBreach ? [rpoDraft(rpoBreach, ctx)] : []),
    ...(baseBreach && !paused ? [baseDraft(baseBreach, bases.length > 0, ctx)] : []),
  ];
  const unread = readable.length < active.length;
  const broken = rpoBreach !== undefined || baseBreach !== undefined;
  return { drafts, result: broken ? "fail" : unread ? "unknown" : "pass" };
}

/** "Sat 2026-11-28 04:00 UTC": the weekday answers "this weekend?" at a glance. */
function when(ms: number): string {
  return `${WEEKDAYS[new Date(ms).getUTCDay()] ?? ""} ${utcMinutes(ms)}`;
}

function gapText(b: Breach, what: string): string {
  if (b.to === undefined) return `${what} runs after ${utcMinutes(b.from)}`;
  return `${what} runs for ${spanText(b.to - b.from)} from ${when(b.from)}`;
}

/** "72h" for a weekend, "61 days" for a skipped month. */
function spanText(ms: number): string {
  const hours = Math.round(ms / HOUR_MS);
  return hours < 100 ? `${hours}h` : `${Math.round(ms / DAY_MS)} days`;
}

function rpoDraft(b: Breach, ctx: RuleContext): Draft {
  const message = `The ${ctx.maxAgeHours}h RPO breaks ${when(b.at)}: ${gapText(b, "nothing")}; add a run in it (create_backup_schedule).`;
  return breachDraft("coming_rpo_breach", message, b);
}

function baseDraft(b: Breach, scheduled: boolean, ctx: RuleContext): Draft {
  const advice = scheduled
    ? `schedule a full at least every ${ctx.maxFullAgeDays} days`
    : `no full, snapshot or dump is scheduled; add one (create_backup_schedule)`;
  const hole = scheduled ? `: ${gapText(b, "no full, snapshot or dump")}` : "";
  const message = `The ${ctx.maxFullAgeDays}-day base age breaks ${when(b.at)}${hole}; ${advice}.`;
  return breachDraft("coming_full_age_breach", message, b);
}

function breachDraft(
  kind: "coming_rpo_breach" | "coming_full_age_breach",
  message: string,
  b: Breach,
): Draft {
  return {
    severity: "warning",
    kind,
    message,
    breaks_at: isoSeconds(b.at),
    from: isoSeconds(b.from),
    ...(b.to !== undefined && { to: isoSeconds(b.to) }),
  };
}

function min(values: readonly (number | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== undefined && (out === undefined || v < out)) out = v;
  return out;
}

function max(values: readonly (number | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== undefined && (out === undefined || v > out)) out = v;
  return out;
}

/**
 * The controls about what will protect a service from now on: a recurring
 * schedule exists (recurring_protection) and each one actually runs
 * (schedules_deliver). A one-time schedule never protects anything: it
 * backs up once, at its creation, and its backup does not stand in for a
 * cron's missed runs.
 */
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
      (s) =>
        `${s.type}${scheduleRef(s)} (${s.schedule.trim() === "" ? "none" : `"${s.schedule.trim()}"`})`,
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
    schedule_ids: scheduleIds(list),
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
      schedule_ids: scheduleIds(recurring),
    };
  }
  const refs = list.map((s) => `${s.type}${scheduleRef(s)}`).join(", ");
  const message = `Only one-time schedules (${refs}): nothing backs it up again; add a recurring one (create_backup_schedule).`;
  return {
    severity: "warning",
    kind: "only_once_schedules",
    message,
    count: list.length,
    schedule_ids: scheduleIds(list),
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
