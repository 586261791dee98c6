/** The --help text: usage written here, every option derived from the tables. */
import {
  AUDIT_OPTIONS,
  DRILL_OPTIONS,
  EMULATOR_OPTIONS,
  GENERAL_FLAGS,
} from "./command-options.js";
import { SECRET_NOTE, defaultText, flagText, meaning, plain } from "./describe.js";
import { HTTP_SETTINGS } from "./http-settings.js";
import { OTHER_VARIABLES, SERVER_SETTINGS } from "./server-settings.js";
import type { Setting, SettingTable } from "./setting.js";

const USAGE = `skybackup-mcp: MCP server for the MariaDB Cloud (SkySQL) Backups API

Usage:
  skybackup-mcp [options]            serve MCP over stdio (what an assistant runs)
  skybackup-mcp --demo               serve MCP against a built-in emulator with demo data
  skybackup-mcp --http [--host A] [--port N]
                                     team mode: serve MCP over Streamable HTTP at /mcp; each request
                                     brings its user's key, or the server's SKYSQL_API_KEY is shared
  skybackup-mcp call <tool> ['<json arguments>'] [--json]
                                     run one tool, print its text (or structured result); exit 1 on error
  skybackup-mcp audit [--max-age-hours N] [--lookback-days N] [--max-full-age-days N]
                     [--require-restore-drill-days N] [--services a,b] [--json]
                                     print the backup audit; exit 0 ok, 1 warnings, 2 critical, 3 failed
  skybackup-mcp drill --source <id> --target <scratch id> [--time latest] --yes [--json]
                                     restore into the scratch service (ERASING it) and follow it to the
                                     end; exit 0 succeeded, 1 failed, 3 could not run
  skybackup-mcp emulator [--port N]  run the Backups API emulator over HTTP
  All of them work with --demo (no account needed), e.g. skybackup-mcp --demo audit
`;

const WIDTH = 100;
const NAME_COLUMN = 26;

/** "  name   text", the text wrapped at WIDTH under its column; a long name gets its own line. */
function line(name: string, text: string): string {
  const indent = " ".repeat(NAME_COLUMN);
  const head = `  ${name} `;
  const lines: string[] = head.length > NAME_COLUMN ? [head.trimEnd()] : [];
  let current = head.length > NAME_COLUMN ? indent : head.padEnd(NAME_COLUMN);
  for (const word of text.split(" ")) {
    if (current.length + word.length > WIDTH && current.trim() !== "") {
      lines.push(current.trimEnd());
      current = indent;
    }
    current += `${word} `;
  }
  lines.push(current.trimEnd());
  return lines.join("\n");
}

function optionLine(setting: Setting<unknown>): string {
  const fallback = defaultText(setting);
  let notes = setting.env === undefined || setting.flag === undefined ? "" : ` [${setting.env}]`;
  if (setting.secret) notes += `; never a flag, which ${SECRET_NOTE}`;
  if (setting.required !== undefined) notes += ` (${fallback})`;
  else if (fallback !== undefined && fallback !== "off") notes += ` (default ${fallback})`;
  // A secret has no flag: its variable is its name.
  return line(flagText(setting) ?? setting.env ?? "", plain(meaning(setting) + notes));
}

const section = (title: string, table: SettingTable): string =>
  `${title}\n${Object.values(table).map(optionLine).join("\n")}\n`;

const general = GENERAL_FLAGS.map((flag) =>
  line(
    "short" in flag ? `-${flag.short}, --${flag.flag}` : `--${flag.flag}`,
    plain(flag.description),
  ),
);
const others = OTHER_VARIABLES.map((variable) => line(variable.env, variable.description));

export const HELP = [
  USAGE,
  section("Options (environment variable in brackets; flags win):", SERVER_SETTINGS) +
    [...general, ...others, "  A bad setting prints one line and exits 64."].join("\n") +
    "\n",
  section("Team mode (--http):", HTTP_SETTINGS),
  section("Audit options (unset ones take audit_backups' defaults):", AUDIT_OPTIONS),
  section("Drill options:", DRILL_OPTIONS),
  section("Emulator options:", EMULATOR_OPTIONS),
].join("\n");
