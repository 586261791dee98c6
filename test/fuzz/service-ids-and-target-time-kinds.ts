/**
 * Kinds for audit_backups and plan_restore: a list of service ids, and a
 * restore target time ("latest", RFC 3339 such as 2026-11-26T14:05:00.123Z,
 * "YYYY-MM-DD hh:mm:ss" in UTC, a bare date, or -10m/-2h/-3d before now; a
 * future moment cannot be restored to).
 */
import fc from "fast-check";
import { hostileString, hugeString, taint, wrongType } from "./hostile-values.js";
import { invalid, isServiceId, type FieldKind, type Problem, type World } from "./field-kinds.js";

export function serviceIdsKind(world: World, ids: FieldKind): FieldKind {
  const real = fc.constantFrom(...world.services);
  return {
    valid: fc.array(fc.oneof({ weight: 3, arbitrary: real }, ids.valid), {
      minLength: 1,
      maxLength: 3,
    }),
    hostile: fc.oneof(
      fc.constant([]),
      fc.constant(Array.from({ length: 101 }, (_, i) => `dbxyz${String(i).padStart(8, "0")}`)),
      fc.array(fc.oneof(real, ids.hostile), { minLength: 1, maxLength: 3 }),
      wrongType,
      real,
    ),
    problems(v, name) {
      const ok = Array.isArray(v) && v.length >= 1 && v.length <= 100 && v.every(isServiceId);
      return ok ? [] : invalid(name);
    },
  };
}

const MINUTE = 60_000;
const STRICT = [
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z)$/,
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})()$/,
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?([+-]\d{2}:\d{2})$/,
  // A bare date is 00:00:00 UTC.
  /^(\d{4})-(\d{2})-(\d{2})()()()()$/,
];
const RELATIVE = /^-\d{1,6}[mhd]$/;
const LOOSE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})/;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function calendarOk([year, month, day, hour, minute]: number[]): boolean {
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysIn(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59
  );
}

export function targetTimeProblems(v: unknown, name: string, now = Date.now()): Problem[] {
  const unknown: Problem[] = [{ verdict: "unknown", mentions: [name] }];
  if (typeof v !== "string" || v.length > 40) return invalid(name);
  if (v === "latest" || RELATIVE.test(v)) return [];
  const strict = STRICT.map((re) => re.exec(v)).find((m) => m !== null);
  if (!strict) {
    // Other ISO 8601 spellings (no seconds, fractions, lower case, no zone) are not documented.
    const loose = LOOSE.exec(v);
    if (!loose) return invalid(name);
    return calendarOk(loose.slice(1, 6).map(Number)) ? unknown : invalid(name);
  }
  const [year, month, day, hour, minute, second] = strict.slice(1, 7).map((x) => Number(x ?? 0));
  const zone = strict[7] ?? "";
  if (!calendarOk([year!, month!, day!, hour!, minute!]) || second! > 59) return invalid(name);
  const [zoneHours = 0, zoneMinutes = 0] = zone.slice(1).split(":").map(Number);
  if (zoneHours > 23 || zoneMinutes > 59) return invalid(name);
  if (year! < 1970 || zoneHours > 14) return unknown;
  const sign = zone.startsWith("-") ? -1 : 1;
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const at = utc - sign * (zoneHours * 60 + zoneMinutes) * MINUTE;
  if (Math.abs(at - now) < 5 * MINUTE) return unknown;
  return at > now ? invalid(name) : [];
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function targetTimeKind(): FieldKind {
  const now = Date.now();
  const past = fc.integer({ min: now - 60 * 86_400_000, max: now - 60 * MINUTE });
  const valid = fc.oneof(
    fc.constant("latest"),
    past.map(iso),
    past.map((ms) => iso(ms).replace("T", " ").replace("Z", "")),
    fc
      .tuple(past, fc.integer({ min: -14, max: 14 }), fc.constantFrom(0, 30, 45))
      .map(([ms, h, m]) => {
        const offset = (h * 60 + Math.sign(h || 1) * m) * MINUTE;
        const stamp = iso(ms + offset).slice(0, 19);
        const hh = String(Math.abs(h)).padStart(2, "0");
        return `${stamp}${h < 0 ? "-" : "+"}${hh}:${String(m).padStart(2, "0")}`;
      }),
  );
  const nearMisses = fc.constantFrom(
    ...["2026-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-11-26T24:00:00Z", "2025-11-26"],
    ...["2025-11-26T14:05:60Z", "2025-11-26T14:05:00+99:99", "2025-11-26T14:05:00-00:60"],
    ...["2025-11-26T14:05:00+24:00", "2025-11-26T14:05:00.123Z", "2025-11-26t14:05:00z"],
    ...["2025-11-26T14:05:00+0530", "2025-11-26T14:05", "2999-01-01T00:00:00Z", "now", "LATEST"],
    ...["latest ", "0050-01-01T00:00:00Z", "2025-11-26T14:05:00", "2025-02-29 00:00:00", ""],
    ...["-2h", "-0m", "-999999d", "-1w", "+2h", "-1.5h", "2025-02-29", "2999-01-01"],
  );
  return {
    valid,
    hostile: fc.oneof(nearMisses, taint(valid.map(String)), hostileString, hugeString, wrongType),
    problems: (v, name) => targetTimeProblems(v, name),
  };
}
