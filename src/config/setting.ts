/**
 * What one setting is, and how a table of them is read. A table is the only
 * place a setting is described: the parser, --help and the README's
 * configuration table are all derived from it.
 */
import { z } from "zod";
import { hasControlCharacters } from "../util/untrusted-text.js";

interface Described<T> {
  readonly kind: Kind<T>;
  readonly description: string;
  /** The value when neither the flag nor the variable gives one. */
  readonly default: T;
  /** The default in words, for --help and the README, where the value says little ("all"). */
  readonly shownDefault?: string;
  /** With --demo the setting is not read and takes this value. */
  readonly inDemo?: T;
  /** When set, leaving the setting blank is an error; this tells how to fix it. */
  readonly required?: string;
}

/**
 * A secret is read only from the environment: a flag would show it in
 * process lists and shell history. The type makes a secret flag impossible.
 */
export type Setting<T> = Described<T> &
  (
    | { readonly secret: true; readonly env: string; readonly flag?: never }
    | { readonly secret?: false; readonly env?: string; readonly flag?: string }
  );

export type SettingTable = Readonly<Record<string, Setting<unknown>>>;
type ValueOf<S> = S extends Setting<infer T> ? T : never;
export type Values<Table> = { readonly [K in keyof Table]: ValueOf<Table[K]> };

/** parseArgs' values: a switch is true when present, any other flag its text. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;
export type Env = Readonly<Record<string, string | undefined>>;

export function defineSetting<T>(setting: Setting<T>): Setting<T> {
  return setting;
}

export const isSwitch = (setting: Setting<unknown>): boolean =>
  setting.kind.placeholder === undefined;

/**
 * The names an error message gives: the variable and the flag, except a
 * switch's flag, which cannot carry a bad value.
 */
export function settingLabel(setting: Setting<unknown>): string {
  const flag = setting.flag === undefined ? undefined : `--${setting.flag}`;
  const names = [setting.env, setting.env && isSwitch(setting) ? undefined : flag];
  return names.filter((name) => name !== undefined).join(" / ");
}

export interface Read<Table> {
  readonly values: Values<Table>;
  /** Settings that took their default: neither the flag nor the variable gave a value. */
  readonly defaulted: ReadonlySet<keyof Table>;
}

/**
 * Reads every setting of a table in its order; a flag wins over its variable.
 * The first bad setting throws a ConfigError that names it.
 */
export function readSettings<Table extends SettingTable>(
  table: Table,
  flags: FlagValues,
  env: Env,
  demo = false,
  /** Settings whose `required` does not apply in this run (the API key in team mode). */
  notRequired: ReadonlySet<string> = new Set(),
): Read<Table> {
  const values: Record<string, unknown> = {};
  const defaulted = new Set<keyof Table>();
  for (const [name, setting] of Object.entries(table)) {
    if (demo && setting.inDemo !== undefined) {
      values[name] = setting.inDemo;
      continue;
    }
    const result = setting.kind.schema.safeParse(rawValue(setting, flags, env));
    if (!result.success) {
      const message = result.error.issues[0]?.message ?? `${SETTING} is not valid`;
      throw new ConfigError(message.replaceAll(SETTING, settingLabel(setting)));
    }
    if (result.data === undefined && setting.required !== undefined && !notRequired.has(name))
      throw new ConfigError(`${settingLabel(setting)} is not set: ${setting.required}`);
    if (result.data === undefined) defaulted.add(name);
    values[name] = result.data ?? setting.default;
  }
  // Each value came from its own setting's schema, so the record has the table's shape.
  return { values: Object.freeze(values) as Values<Table>, defaulted };
}

function rawValue(setting: Setting<unknown>, flags: FlagValues, env: Env): string | undefined {
  const flag = setting.flag === undefined ? undefined : flags[setting.flag];
  const fromFlag = flag === true ? "true" : flag === false ? undefined : flag;
  return fromFlag ?? (setting.env === undefined ? undefined : env[setting.env]);
}

/**
 * The kinds of value a setting can hold. Each kind is a zod schema from the
 * raw text (a flag's or a variable's value; undefined when neither is given)
 * to the value, or to undefined when the setting takes its default. Blank
 * text is not the same for every kind, so each decides what it means.
 *
 * Messages name the setting through the SETTING placeholder, which the
 * reader replaces with the variable and flag to fix.
 */
const SETTING = "{setting}";

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

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** One setting in words, in Markdown; --help strips the backticks. */
export const plain = (markdown: string): string => markdown.replaceAll("`", "");

export function flagText(setting: Setting<unknown>): string | undefined {
  if (setting.flag === undefined) return undefined;
  const placeholder = setting.kind.placeholder;
  return placeholder === undefined ? `--${setting.flag}` : `--${setting.flag} ${placeholder}`;
}

/** Undefined when there is nothing to say, as for a switch that is off. */
export function defaultText(setting: Setting<unknown>): string | undefined {
  if (setting.shownDefault !== undefined) return setting.shownDefault;
  if (setting.required !== undefined)
    return setting.inDemo === undefined ? "required" : "required unless `--demo`";
  if (isSwitch(setting)) return setting.default === true ? "on" : "off";
  return typeof setting.default === "string" || typeof setting.default === "number"
    ? `\`${setting.default}\``
    : undefined;
}

/** Why a secret has no flag, said wherever its flag would be. */
export const SECRET_NOTE = "keeps it out of process lists";

export function meaning(setting: Setting<unknown>): string {
  const accepts = setting.kind.accepts;
  return accepts === undefined ? setting.description : `${setting.description} (${accepts})`;
}
