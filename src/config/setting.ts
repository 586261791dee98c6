/**
 * What one setting is, and how a table of them is read. A table is the only
 * place a setting is described: the parser, --help and the README's
 * configuration table are all derived from it.
 */
import { ConfigError } from "./errors.js";
import { SETTING, type Kind } from "./kinds.js";

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
