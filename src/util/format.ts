/**
 * How numbers read in text: times always "2026-11-26 14:05 UTC" (with year
 * and zone), ages in hours or days, sizes in decimal units. One module, so
 * every answer writes a time or a size the same way.
 */
import { parseApiTime } from "./time.js";
import { cleanText, quoted } from "./untrusted-text.js";

/** "2026-11-26T14:05:00Z": the machine-readable form used in structured results. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The one form of a time in text: "2026-11-26 14:05 UTC", always with year
 * and zone; with seconds ("2026-11-26 14:05:37 UTC") where a value is exact
 * to the second and that matters (restore points).
 */
export function utcText(ms: number, precision: "minute" | "second" = "minute"): string {
  const iso = isoSeconds(ms);
  return `${iso.slice(0, precision === "second" ? 19 : 16).replace("T", " ")} UTC`;
}

/** "2026-11-26 14:05:00 UTC". */
export function utcSeconds(ms: number): string {
  return utcText(ms, "second");
}

/** "2026-11-26 14:05 UTC". */
export function utcMinutes(ms: number): string {
  return utcText(ms);
}

/** An API time string in the text form; one that cannot be read is shown as sent, so nothing is hidden. */
export function apiTimeText(value: unknown, precision: "minute" | "second" = "minute"): string {
  if (value === undefined || value === null || value === "") return "-";
  const ms = parseApiTime(value);
  if (ms !== undefined) return utcText(ms, precision);
  return typeof value === "string" ? quoted(cleanText(value, 40)) : "?";
}

/** "2026-11-24 10:00–16:00 UTC", or both dates when the window spans midnight. */
export function utcWindow(fromMs: number, toMs: number): string {
  const from = utcMinutes(fromMs).replace(" UTC", "");
  const to = utcMinutes(toMs).replace(" UTC", "");
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return sameDay ? `${from}–${to.slice(11)} UTC` : `${from} – ${to} UTC`;
}

/** "9.3h", or "18.3 days" once hours stop being easy to read; ages are rounded to 0.1h. */
export function ageText(hours: number): string {
  // "0h ago" would read as "never": the floor is said as such.
  if (hours < 0.1) return "<0.1h";
  return hours < 48 ? `${hours}h` : `${(hours / 24).toFixed(1)} days`;
}

// Decimal units, as the API's own disk_size: 1 GB = 10^9 bytes.
const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/**
 * "1.23 GB": three significant digits, rounded down, so a figure never
 * overstates (999,999,999 bytes reads "999 MB", not "1 GB").
 */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "size ?";
  let unit = 0;
  while (bytes >= 1000 ** (unit + 1) && unit < UNITS.length - 1) unit += 1;
  const value = bytes / 1000 ** unit;
  const decimals = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Scale before dividing: integer arithmetic avoids 1.23 -> 1.22 float flooring.
  const scaled = Math.floor((bytes * 10 ** decimals) / 1000 ** unit);
  const fixed = (scaled / 10 ** decimals).toFixed(decimals);
  return `${decimals > 0 ? fixed.replace(/\.?0+$/, "") : fixed} ${UNITS[unit]}`;
}

/**
 * "103,393": a count with thousands separators. Written out rather than
 * toLocaleString("en-US"), which pages in ICU's locale data (7 MB of the
 * server's resident memory) for one comma.
 */
export function withCommas(count: number): string {
  if (!Number.isSafeInteger(count)) return String(count);
  const digits = String(Math.abs(count));
  let out = "";
  for (let i = 0; i < digits.length; i += 1) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return count < 0 ? `-${out}` : out;
}

/** "1 backup", "3 backups": a count and its noun, plural by an s. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Text cut to `max` characters, with an ellipsis when it was longer. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
