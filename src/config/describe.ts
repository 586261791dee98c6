/** One setting in words, in Markdown; --help strips the backticks. */
import { isSwitch, type Setting } from "./setting.js";

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
