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
import { BACKUP_TYPES, isBaseType } from "../api/records.js";
import { cronFires, type CronFires } from "../cron/fires.js";
import { isoSeconds, utcMinutes } from "../util/format.js";
import { DAY_MS, HOUR_MS } from "../util/time.js";
import type { Draft, RuleContext } from "./findings.js";
import { isOnce } from "./once-runs.js";
import type { ScheduleFacts } from "./schedule-facts.js";
import type { ControlResult } from "./types.js";

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
