import { DAY_MS, HOUR_MS } from "../util/time.js";

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `YYYY-MM-DD<separator>hh:mm:ss<suffix>` in UTC. Hand-rolled (Hinnant's civil-from-days) because the generator
 * formats hundreds of thousands of timestamps and Date#toISOString dominated its profile.
 */
function utc(ms: number, separator: string, suffix: string): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const time = `${pad2(Math.floor(rem / 3600))}:${pad2(Math.floor((rem % 3600) / 60))}:${pad2(rem % 60)}`;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}${separator}${time}${suffix}`;
}

/** RFC 3339 in UTC without fractions, as the API prints `start_time` (so strings sort by time). */
export function rfc3339(ms: number): string {
  return utc(ms, "T", "Z");
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, the API's `point_in_time` format. */
export function pointInTime(ms: number): string {
  return utc(ms, " ", "");
}

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** Decimal units, one fraction digit: the API's human-readable `disk_size`. */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit] ?? "B"}`;
}

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function floorDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
