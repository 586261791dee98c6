/**
 * Did a recurring schedule deliver when its cron said? Fire times are the
 * previews' own (cron/fires.ts, matched in fire-match.ts); a fire is
 * delivered when a successful backup of the schedule's type started near it,
 * and attempted when any backup of that type did (a failed run). Only the
 * newest run of misses counts: a schedule that delivered an hour ago works,
 * whatever it missed a week ago (those runs show up as failures or gaps).
 */
import { cronFires } from "../cron/fires.js";
import { HOUR_MS, MINUTE_MS } from "../util/time.js";

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
export function cronInterval(cron: string, nowMs: number): number | undefined {
  const [a, b] = cronFires(cron)?.take(nowMs, 2) ?? [];
  return a !== undefined && b !== undefined ? b - a : undefined;
}
