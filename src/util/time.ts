/**
 * Times as the Backups API writes them and as people read them. The API
 * mixes RFC 3339 (`start_time`) with zone-less `YYYY-MM-DD hh:mm:ss` in UTC
 * (`point_in_time`), so both parse here; anything else is "unknown", never
 * an exception, because API data may be odd.
 */
const API_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch, or undefined for a missing or unreadable time. */
// The shape the API uses for start_time/end_time; Date.parse reads it natively and fast.
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function parseApiTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  if (RFC3339_UTC.test(value)) {
    const ms = Date.parse(value);
    // Date.parse rolls nothing over for this shape but returns NaN for 2026-02-30.
    if (!Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19))
      return ms;
    return undefined;
  }
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
