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
import type { CronExpression } from "cron-parser";
import { BACKUP_TYPES, isBaseType } from "../api/schemas.js";
import { checkCron } from "../cron/parse.js";
import { isoSeconds, utcMinutes } from "../util/format.js";
import { DAY_MS, HOUR_MS } from "../util/time.js";
import type { Draft, RuleContext } from "./findings.js";
import { isOnce } from "./once-runs.js";
import type { ScheduleFacts } from "./schedule-facts.js";
import type { ControlResult } from "./types.js";
import { ascending } from "../util/sorted.js";

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

/** The fires of one cron, asked for by window; one parsed expression, reset per question. */
class Fires {
  /** The last answer of after(): any `ms` in [from, at) has the same one. */
  private memo: { from: number; at: number | undefined } | undefined;
  /**
   * For a cron that fires at the same times every day ("* * * * *", "0 *\/6 * * *"), the longest
   * wait between two fires: once one fire is within reach, that cron alone covers any target at
   * least this long, forever. Undefined for crons whose days vary (weekdays, day 31).
   */
  readonly dailyGapMs: number | undefined;

  constructor(private readonly expression: CronExpression) {
    this.dailyGapMs = dailyGap(expression.fields);
  }

  /** The first fire strictly after `ms`. */
  after(ms: number): number | undefined {
    const memo = this.memo;
    // A sparse cron ("0 2 29 2 *") costs milliseconds a step: the walk asks it once.
    if (memo !== undefined && ms >= memo.from && (memo.at === undefined || ms < memo.at))
      return memo.at;
    let at: number | undefined;
    try {
      this.expression.reset(new Date(ms));
      at = this.expression.next().getTime();
    } catch {
      at = undefined;
    }
    this.memo = { from: ms, at };
    return at;
  }

  /** The last fire in (lo, hi]: one step forward says whether any, one step back finds it. */
  lastIn(lo: number, hi: number): number | undefined {
    const first = this.after(lo);
    if (first === undefined || first > hi) return undefined;
    try {
      this.expression.reset(new Date(hi + 1));
      return Math.max(first, this.expression.prev().getTime());
    } catch {
      return first;
    }
  }
}

function dailyGap(fields: CronExpression["fields"]): number | undefined {
  const every = fields.month.values.length === 12;
  if (!every || !fields.dayOfMonth.isWildcard || !fields.dayOfWeek.isWildcard) return undefined;
  const minutes = fields.minute.values.filter((v) => typeof v === "number");
  const times = fields.hour.values
    .filter((v) => typeof v === "number")
    .flatMap((h) => minutes.map((m) => h * 60 + m))
    .sort(ascending);
  const first = times[0];
  if (first === undefined) return undefined;
  let gap = first + 24 * 60 - (times.at(-1) ?? first);
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return gap * 60_000;
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
  fires: readonly Fires[],
  starters: readonly Fires[],
  fromMs: number | undefined,
  limitMs: number,
  nowMs: number,
): Breach | undefined {
  const endMs = nowMs + OUTLOOK_DAYS * DAY_MS;
  const soonest = (list: readonly Fires[], after: number): number | undefined =>
    min(list.map((f) => f.after(after)));
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
          (f.after(lo) ?? Infinity) <= reach,
      )
    )
      return undefined;
    const next = max(fires.map((f) => f.lastIn(lo, reach)));
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
    const check = checkCron(s.schedule, new Date(ctx.nowMs));
    // A cron that parses but never fires simply offers no fire; unreadable_cron names the rest.
    return check.ok ? [{ base: isBaseType(s.type), fires: new Fires(check.expression) }] : [];
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
  return `${what} runs from ${when(b.from).replace(" UTC", "")} to ${when(b.to)} (${spanText(b.to - b.from)})`;
}

/** "72h" for a weekend, "61 days" for a skipped month. */
function spanText(ms: number): string {
  const hours = Math.round(ms / HOUR_MS);
  return hours < 100 ? `${hours}h` : `${Math.round(ms / DAY_MS)} days`;
}

function rpoDraft(b: Breach, ctx: RuleContext): Draft {
  const message = `The ${ctx.maxAgeHours}h RPO breaks ${when(b.at)}: ${gapText(b, "no schedule")}; add a run inside (create_backup_schedule).`;
  return breachDraft("coming_rpo_breach", message, b);
}

function baseDraft(b: Breach, scheduled: boolean, ctx: RuleContext): Draft {
  const advice = scheduled
    ? `schedule a full at least every ${ctx.maxFullAgeDays} days`
    : `no full, snapshot or dump is scheduled; add one (create_backup_schedule, e.g. full "0 2 * * *")`;
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
