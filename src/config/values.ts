/** Small readers for setting values; each error names the setting to fix. */
import { ConfigError } from "./errors.js";

export function integer(
  raw: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function boolean(raw: string | boolean | undefined, name: string): boolean {
  if (raw === undefined || raw === "") return false;
  if (typeof raw === "boolean") return raw;
  const text = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** "a, b,,c" -> ["a","b","c"]; each item must match the pattern. */
export function list(
  raw: string | undefined,
  name: string,
  item: RegExp,
  itemHint: string,
): readonly string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const items = raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  // "," or "$PROD," with PROD unset must not quietly mean "no limit".
  if (items.length === 0)
    throw new ConfigError(`${name} is set but names nothing; unset it or give at least one value`);
  for (const value of items) {
    if (!item.test(value)) throw new ConfigError(`${name}: "${value}" is not ${itemHint}`);
  }
  return Object.freeze([...new Set(items)]);
}

export function choice<T extends string>(
  raw: string | undefined,
  name: string,
  options: readonly T[],
  fallback: T,
): T {
  if (raw === undefined || raw === "") return fallback;
  const found = options.find((option) => option === raw.trim().toLowerCase());
  if (!found) throw new ConfigError(`${name} must be one of ${options.join(", ")}, got "${raw}"`);
  return found;
}
