/**
 * The kinds of value a setting can hold. Each kind is a zod schema from the
 * raw text (a flag's or a variable's value; undefined when neither is given)
 * to the value, or to undefined when the setting takes its default. Blank
 * text is not the same for every kind, so each decides what it means.
 *
 * Messages name the setting through the SETTING placeholder, which the
 * reader replaces with the variable and flag to fix.
 */
import { z } from "zod";
import { hasControlCharacters } from "../util/control-chars.js";

export const SETTING = "{setting}";

export interface Kind<T> {
  readonly schema: z.ZodType<T | undefined, string | undefined>;
  /** How a value is written in --help and the README (N, URL, a,b); absent for a switch. */
  readonly placeholder?: string;
  /** The accepted range in words, shown next to the description. */
  readonly accepts?: string;
}

/** fail() records the one message and returns zod's NEVER: always `return fail(...)`. */
type Check<T> = (raw: string, fail: (message: string) => never) => T | undefined;

function kind<T>(check: Check<T>): Kind<T>["schema"] {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      return check(raw, (message) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      });
    });
}

export function wholeNumber(min: number, max: number): Kind<number> {
  return {
    placeholder: "N",
    accepts: `${min} to ${max}`,
    schema: kind((raw, fail) => {
      if (raw.trim() === "") return undefined;
      if (!/^\d+$/.test(raw.trim())) return fail(`${SETTING} must be a whole number, got "${raw}"`);
      const value = Number(raw);
      if (value < min || value > max)
        return fail(`${SETTING} must be between ${min} and ${max}, got ${value}`);
      return value;
    }),
  };
}

/** A flag present means "true"; a variable may say 1/0, true/false, yes/no, on/off. */
export const onOff: Kind<boolean> = {
  schema: kind((raw, fail) => {
    if (raw === "") return undefined;
    const text = raw.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(text)) return true;
    if (["0", "false", "no", "off"].includes(text)) return false;
    return fail(`${SETTING} must be true or false, got "${raw}"`);
  }),
};

/** "a, b,,c" -> ["a","b","c"], without repeats; each item must match the pattern. */
export function nameList(
  item: RegExp,
  itemHint: string,
  placeholder: string,
): Kind<readonly string[]> {
  return {
    placeholder,
    schema: kind((raw, fail) => {
      if (raw.trim() === "") return undefined;
      const items = raw
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      // "," or "$PROD," with PROD unset must not quietly mean "no limit".
      if (items.length === 0)
        return fail(`${SETTING} is set but names nothing; unset it or give at least one value`);
      for (const value of items) {
        if (!item.test(value)) return fail(`${SETTING}: "${value}" is not ${itemHint}`);
      }
      return Object.freeze([...new Set(items)]);
    }),
  };
}

export function oneOf<const T extends string>(options: readonly T[]): Kind<T> {
  return {
    placeholder: options.join("|"),
    schema: kind((raw, fail) => {
      if (raw === "") return undefined;
      const found = options.find((option) => option === raw.trim().toLowerCase());
      return found ?? fail(`${SETTING} must be one of ${options.join(", ")}, got "${raw}"`);
    }),
  };
}

/** Free text, or text that must match a rule; "" counts as not given. */
export function text(
  placeholder: string,
  rule?: { pattern: Pick<RegExp, "test">; says: string },
): Kind<string> {
  return {
    placeholder,
    schema: kind((raw, fail) => {
      if (raw === "") return undefined;
      if (rule && !rule.pattern.test(raw)) return fail(`${SETTING} ${rule.says}`);
      return raw;
    }),
  };
}

/** An http(s) base URL without credentials, returned without a trailing slash. */
export function httpUrl(example: string): Kind<string> {
  return {
    placeholder: "URL",
    schema: kind((raw, fail) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail(`${SETTING} "${raw}" is not a URL; expected e.g. ${example}`);
      }
      if (url.protocol !== "https:" && url.protocol !== "http:")
        return fail(`${SETTING} must be http(s), got ${url.protocol}`);
      if (url.username || url.password) return fail(`${SETTING} must not carry credentials`);
      return url.origin + url.pathname.replace(/\/+$/, "");
    }),
  };
}

/** A key, trimmed; its value never appears in a message. */
export const secretKey: Kind<string> = {
  schema: kind((raw, fail) => {
    const key = raw.trim();
    if (key === "") return undefined;
    // A key with control characters would corrupt the request header (or smuggle one).
    if (hasControlCharacters(key))
      return fail(`${SETTING} contains control characters; copy the key again`);
    return key;
  }),
};

/** Secrets separated by commas (tokens); none may be short or carry control characters. */
export function secretList(minLength: number): Kind<readonly string[]> {
  return {
    schema: kind((raw, fail) => {
      const items = raw
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      if (items.length === 0) return undefined;
      // The message counts and positions; it never quotes a secret.
      for (const [index, item] of items.entries()) {
        if (hasControlCharacters(item))
          return fail(`${SETTING}: item ${index + 1} contains control characters`);
        if (item.length < minLength)
          return fail(
            `${SETTING}: item ${index + 1} is ${item.length} characters; use at least ${minLength} (e.g. openssl rand -hex 32)`,
          );
      }
      return Object.freeze(items);
    }),
  };
}
