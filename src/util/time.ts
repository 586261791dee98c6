/**
 * Times as the Backups API writes them and as people read them. The API
 * mixes RFC 3339 (`start_time`) with zone-less `YYYY-MM-DD hh:mm:ss` in UTC
 * (`point_in_time`), so both parse here; anything else is "unknown", never
 * an exception, because API data may be odd.
 */

const API_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch, or undefined for a missing or unreadable time. */
export function parseApiTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const usual = parseUsualShape(value);
  if (usual !== NOT_USUAL) return usual;
  const match = API_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const parts = [y, mo, d, h, mi, s ?? "0"].map(Number);
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March; a real time never needs that.
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  const offset = zoneOffsetMs(zone);
  // toISOString() writes milliseconds; keep them, so a bound is exactly the moment given.
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return same && offset !== undefined ? ms + millis - offset : undefined;
}

const NOT_USUAL = null;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDThh:mm:ssZ` (start_time, end_time) and `YYYY-MM-DD hh:mm:ss`
 * in UTC (point_in_time), read digit by digit without allocating: the audit
 * reads several times of each of 100,000 backups, and the general path's
 * regex match and Date round trip were its largest cost in time and in
 * garbage. NOT_USUAL hands any other shape to the general path; a usual
 * shape naming no real moment (2026-02-30, 24:00:00) is undefined, as there.
 */
function parseUsualShape(value: string): number | undefined | typeof NOT_USUAL {
  const zoned = value.length === 20 && value.charCodeAt(19) === 90; // "Z"
  const separator = value.charCodeAt(10);
  if (!(zoned || value.length === 19) || !(separator === 84 || separator === 32)) return NOT_USUAL;
  if (value[4] !== "-" || value[7] !== "-" || value[13] !== ":" || value[16] !== ":")
    return NOT_USUAL;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  // Years before 100 take the general path, which Date.UTC maps to 19xx and so refuses.
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NOT_USUAL;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59)
    return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The number written by `count` digits from `at`, or -1 if any is not a digit. */
function digitsAt(value: string, at: number, count: number): number {
  let result = 0;
  for (let i = at; i < at + count; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}

/** The zone's offset, or undefined for one no clock uses (+99:99, -00:60). */
function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Age in hours with one decimal, for "last success 9.3h ago". */
export function hoursBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / 360_000) / 10;
}

/**
 * Times an agent types, one parser for every tool that asks for one (list
 * filters' since/until, plan_restore's target_time): any RFC 3339 time
 * (fractional seconds and offsets included, as toISOString() writes),
 * `YYYY-MM-DD hh:mm[:ss]` read as UTC, a bare date (00:00 UTC), and a time
 * relative to the call's clock: `-10m`, `-2h`, `-3d`. Strict: an impossible
 * calendar date or zone is refused, never rolled over.
 */
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
