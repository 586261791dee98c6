/**
 * Times an agent types, one parser for every tool that asks for one (list
 * filters' since/until, plan_restore's target_time): any RFC 3339 time
 * (fractional seconds and offsets included, as toISOString() writes),
 * `YYYY-MM-DD hh:mm[:ss]` read as UTC, a bare date (00:00 UTC), and a time
 * relative to the call's clock: `-10m`, `-2h`, `-3d`. Strict: an impossible
 * calendar date or zone is refused, never rolled over.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, parseApiTime } from "./time.js";

const MAX_LENGTH = 40;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const RELATIVE = /^-(\d{1,6})([mhd])$/;
const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

export const TIME_INPUT_HELP =
  "an RFC 3339 time (2026-11-29T17:56:52.123Z, 2026-11-29T19:56+02:00), 2026-11-29 17:56[:52] (UTC), 2026-11-29, or -10m, -2h, -3d";

/** Milliseconds since the epoch, or undefined when the text is not a time this parser accepts. */
export function parseTimeInput(value: string, nowMs: number): number | undefined {
  // Strict with input: surrounding white space (a tab, a vertical tab) is refused, not trimmed.
  const text = value;
  if (text !== text.trim() || text.length === 0 || text.length > MAX_LENGTH) return undefined;
  const relative = RELATIVE.exec(text);
  if (relative) {
    const unit = UNIT_MS[relative[2] ?? ""];
    return unit === undefined ? undefined : nowMs - Number(relative[1]) * unit;
  }
  if (BARE_DATE.test(text)) return parseApiTime(`${text}T00:00:00Z`);
  return parseApiTime(text);
}

/** `-10m`, `-2h`, `-3d`: a time that moves with the clock between two calls. */
function isRelativeTimeInput(value: string): boolean {
  return RELATIVE.test(value);
}

/**
 * A relative time ("-3h") means another moment at every call, so a preview and
 * its confirmation would name different points. Pinned once, to the second: the
 * instant it means now, or undefined when the input is not relative (or unreadable).
 */
export function pinRelativeTimeMs(value: string, nowMs: number): number | undefined {
  if (!isRelativeTimeInput(value)) return undefined;
  const ms = parseTimeInput(value, nowMs);
  return ms === undefined ? undefined : Math.floor(ms / 1000) * 1000;
}

/** For schema checks, where no call clock exists yet: only the form matters. */
export function isTimeInput(value: string): boolean {
  return parseTimeInput(value, 0) !== undefined;
}
