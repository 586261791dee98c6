/**
 * The README's generated tables: configuration, from the settings tables,
 * and tools, from the tool definitions. `npm run docs:settings` writes them
 * between their markers; `npm run check` (the script's --check) and a test
 * fail when the README and the code disagree.
 */
import {
  AUDIT_OPTIONS,
  DRILL_OPTIONS,
  EMULATOR_OPTIONS,
  GENERAL_FLAGS,
} from "../../src/config/settings.js";
import {
  SECRET_NOTE,
  defaultText,
  flagText,
  meaning,
  type Setting,
} from "../../src/config/setting.js";
import { HTTP_SETTINGS, OTHER_VARIABLES, SERVER_SETTINGS } from "../../src/config/settings.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";

export const START = "<!-- settings:start -->";
export const END = "<!-- settings:end -->";

type Row = readonly [string, string, string, string];

const code = (text: string | undefined): string => (text === undefined ? "" : `\`${text}\``);
const cell = (text: string): string => text.replaceAll("|", "\\|");

/** Columns padded as prettier pads them, so the README stays formatted. */
function table(header: Row, rows: readonly Row[]): string {
  const all = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => row[i]?.length ?? 0)));
  const render = (row: readonly string[]): string =>
    `| ${row.map((text, i) => text.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;
  const [head, ...body] = all;
  return [render(head ?? []), rule, ...body.map(render)].join("\n");
}

function settingRow(setting: Setting<unknown>): Row {
  const flag = setting.secret ? `(none: ${SECRET_NOTE})` : code(flagText(setting));
  return [code(setting.env), flag, defaultText(setting) ?? "", meaning(setting)];
}

function optionRows(command: string, options: Readonly<Record<string, Setting<unknown>>>): Row[] {
  return Object.values(options).map((option) => {
    const [, flag, fallback, description] = settingRow(option);
    return [code(command), flag, fallback, description];
  });
}

function settingsMarkdown(): string {
  const settings: Row[] = [
    ...Object.values(SERVER_SETTINGS).map(settingRow),
    ...Object.values(HTTP_SETTINGS).map(settingRow),
    ...OTHER_VARIABLES.map((other): Row => [
      other.env.split(", ").map(code).join(", "),
      "",
      "unset",
      other.description,
    ]),
    ...GENERAL_FLAGS.map((general): Row => {
      const names =
        "short" in general ? [`-${general.short}`, `--${general.flag}`] : [`--${general.flag}`];
      return ["", names.map(code).join(", "), "", general.description];
    }),
  ];
  const options = [
    ...optionRows("audit", AUDIT_OPTIONS),
    ...optionRows("drill", DRILL_OPTIONS),
    ...optionRows("emulator", EMULATOR_OPTIONS),
  ];
  return [
    table(["variable", "flag", "default", "meaning"], settings),
    "Options of one command:",
    table(["command", "flag", "default", "meaning"], options),
  ].join("\n\n");
}

/** The README with the block between the markers replaced; throws if a marker is missing. */
export function withSettings(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${START} and ${END}`);
  return `${readme.slice(0, start + START.length)}\n\n${settingsMarkdown()}\n\n${readme.slice(end)}`;
}

export const TOOLS_START = "<!-- tools:start -->";
export const TOOLS_END = "<!-- tools:end -->";

/**
 * The README's tools table, from the definitions themselves: each tool's
 * name, whether it changes anything, the description an assistant reads in
 * tools/list, and its parameters (`?` for an optional one).
 */
function toolsMarkdown(): string {
  const rows = ALL_TOOLS.map((tool): Row => {
    const shape = tool.input.shape as Record<string, { isOptional(): boolean }>;
    const params = Object.entries(shape)
      .map(([name, field]) => `\`${name}${field.isOptional() ? "?" : ""}\``)
      .join(", ");
    return [`\`${tool.name}\``, tool.kind, tool.description, params || "none"];
  });
  return table(["tool", "kind", "what it does (its tools/list description)", "parameters"], rows);
}

export function withTools(readme: string): string {
  const start = readme.indexOf(TOOLS_START);
  const end = readme.indexOf(TOOLS_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${TOOLS_START} and ${TOOLS_END}`);
  return `${readme.slice(0, start + TOOLS_START.length)}\n\n${toolsMarkdown()}\n\n${readme.slice(end)}`;
}
