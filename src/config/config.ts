/**
 * Configuration is read once, from the environment and the command line
 * (flags win), validated, frozen and passed in. A bad setting is a
 * ConfigError whose one-line message names the variable or flag to fix.
 *
 * setting.ts is how one setting is declared, read and described; settings.ts
 * holds the tables (the server's, team mode's, each command's options). This
 * file parses argv with them and writes --help, and is the folder's face: the
 * rest of the code imports configuration from here, and nothing in the
 * folder imports this file, so it has no import cycle.
 */
import { parseArgs } from "node:util";
import {
  ConfigError,
  isSwitch,
  readSettings,
  SECRET_NOTE,
  defaultText,
  flagText,
  meaning,
  plain,
  type Env,
  type FlagValues,
  type SettingTable,
  type Setting,
} from "./setting.js";
import {
  AUDIT_OPTIONS,
  DRILL_OPTIONS,
  EMULATOR_OPTIONS,
  GENERAL_FLAGS,
  HTTP_SETTINGS,
  isLoopback,
  sharedKeyGuarded,
  serverConfig,
  SERVER_SETTINGS,
  OTHER_VARIABLES,
  type DrillConfig,
  type EmulatorConfig,
  type HttpConfig,
  type ServerConfig,
} from "./settings.js";
export { ConfigError } from "./setting.js";
export { isLoopback, sharedKeyGuarded, type HttpConfig } from "./settings.js";
export { DEMO_API_KEY, type ConfirmMode, type DrillConfig, type ServerConfig } from "./settings.js";

/** argv -> Command: which mode, with which settings. */
type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "serve"; readonly config: ServerConfig }
  | { readonly kind: "http"; readonly config: ServerConfig; readonly http: HttpConfig }
  | { readonly kind: "emulator"; readonly emulator: EmulatorConfig }
  | {
      readonly kind: "call";
      readonly config: ServerConfig;
      readonly tool: string;
      readonly args: Record<string, unknown>;
      readonly json: boolean;
    }
  | {
      readonly kind: "audit";
      readonly config: ServerConfig;
      /** audit_backups arguments given as flags (one per AUDIT_OPTIONS entry, same names). */
      readonly auditArgs: Readonly<Record<string, number>>;
      readonly json: boolean;
    }
  | {
      readonly kind: "drill";
      readonly config: ServerConfig;
      readonly drill: DrillConfig;
      readonly json: boolean;
    };

type ArgvOption = { type: "string" | "boolean"; short?: string; multiple?: false };

/** Every flag of every table; parseArgs rejects any other. */
function argvOptions(): Record<string, ArgvOption> {
  const options: Record<string, ArgvOption> = {};
  const tables: SettingTable[] = [
    SERVER_SETTINGS,
    HTTP_SETTINGS,
    AUDIT_OPTIONS,
    DRILL_OPTIONS,
    EMULATOR_OPTIONS,
  ];
  for (const setting of tables.flatMap((table) => Object.values(table))) {
    if (setting.flag !== undefined)
      options[setting.flag] = { type: isSwitch(setting) ? "boolean" : "string" };
  }
  for (const general of GENERAL_FLAGS)
    options[general.flag] =
      "short" in general ? { type: "boolean", short: general.short } : { type: "boolean" };
  return options;
}

export function parseCommand(argv: readonly string[], env: Env): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: argvOptions(),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split("\n")[0]}; run with --help for usage`);
  }
  const values: FlagValues = parsed.values;
  const { positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [sub, ...rest] = positionals;
  const json = values.json === true;
  if (values.http === true && sub !== undefined)
    throw new ConfigError(`--http serves MCP to a team; it does not go with "${sub}"`);
  if (values.http === true) return httpCommand(values, env);
  refuseHttpOnlyFlags(values, sub);
  if (sub === "call") return callCommand(rest, serverConfig(values, env), json);
  const extra = rest[0];
  if (extra !== undefined)
    throw new ConfigError(`unexpected argument "${extra}"; run with --help for usage`);
  if (sub === "emulator")
    return { kind: "emulator", emulator: readSettings(EMULATOR_OPTIONS, values, {}).values };
  if (sub === "audit") return auditCommand(values, env, json);
  if (sub === "drill") {
    const config = serverConfig(values, env);
    return { kind: "drill", config, drill: readSettings(DRILL_OPTIONS, values, {}).values, json };
  }
  if (sub !== undefined) {
    throw new ConfigError(
      `unknown command "${sub}"; commands: call, audit, drill, emulator (or none to serve MCP)`,
    );
  }
  return { kind: "serve", config: serverConfig(values, env) };
}

/**
 * Without --http these would be ignored, and the server would not be where its
 * operator thinks: refused for every command but emulator's own --port and --host.
 */
function refuseHttpOnlyFlags(values: FlagValues, sub: string | undefined): void {
  const own = new Set(
    sub === "emulator" ? Object.values(EMULATOR_OPTIONS).map((setting) => setting.flag) : [],
  );
  const httpOnly = Object.values(HTTP_SETTINGS).find(
    (setting) =>
      setting.flag !== undefined &&
      setting.flag !== "http" &&
      !own.has(setting.flag) &&
      values[setting.flag] !== undefined,
  );
  if (httpOnly?.flag !== undefined)
    throw new ConfigError(`--${httpOnly.flag} applies only with --http (team mode)`);
}

/**
 * Team mode. Without SKYSQL_API_KEY each request brings its user's own key.
 * A shared key (or the demo's) serves anyone who reaches the port, so off
 * loopback it needs access tokens: start-up refuses rather than expose it.
 */
function httpCommand(values: FlagValues, env: Env): Command {
  const config = serverConfig(values, env, true);
  const { values: http } = readSettings(HTTP_SETTINGS, values, env);
  const sharedKey = config.apiKey !== "";
  if ((http.oauthIssuer === undefined) !== (http.oauthAudience === undefined))
    throw new ConfigError(
      "OAuth needs both SKYBACKUP_OAUTH_ISSUER (--oauth-issuer) and SKYBACKUP_OAUTH_AUDIENCE (--oauth-audience, this server's public MCP URL)",
    );
  if (http.oauthIssuer !== undefined && !sharedKey)
    throw new ConfigError(
      "--oauth-issuer guards a shared key: set SKYSQL_API_KEY, or drop it and let each user send their own key",
    );
  if (http.accessTokens.length > 0 && !sharedKey)
    throw new ConfigError(
      "SKYBACKUP_HTTP_TOKENS guards a shared key: set SKYSQL_API_KEY too, or unset the tokens (each user then sends their own key, and a token would be taken for one)",
    );
  for (const [value, flag] of [
    [http.oauthJwksUrl, "--oauth-jwks-url"],
    [http.oauthScope, "--oauth-scope"],
  ] as const)
    if (value !== undefined && http.oauthIssuer === undefined)
      throw new ConfigError(`${flag} needs --oauth-issuer`);
  if (sharedKey && !sharedKeyGuarded(http) && !isLoopback(http.host))
    throw new ConfigError(
      `--host ${http.host} is not loopback and the server holds a shared API key${config.demo ? " (the demo's)" : ""}: set SKYBACKUP_HTTP_TOKENS (or SKYBACKUP_OAUTH_ISSUER) so only your team can use it` +
        (config.demo ? "" : ", or unset SKYSQL_API_KEY so each user sends their own key"),
    );
  return { kind: "http", config, http };
}

function auditCommand(values: FlagValues, env: Env, json: boolean): Command {
  const { values: limits } = readSettings(AUDIT_OPTIONS, values, {});
  const auditArgs: Record<string, number> = {};
  for (const [arg, limit] of Object.entries(limits))
    if (limit !== undefined) auditArgs[arg] = limit;
  return { kind: "audit", config: serverConfig(values, env), auditArgs, json };
}

function callCommand(rest: readonly string[], config: ServerConfig, json: boolean): Command {
  const [tool, argsText, extra] = rest;
  if (!tool)
    throw new ConfigError("call needs a tool name: skybackup-mcp call <tool> ['<json arguments>']");
  if (extra !== undefined)
    throw new ConfigError(
      `unexpected argument "${extra}"; quote the JSON arguments as one argument`,
    );
  let args: unknown = {};
  if (argsText !== undefined) {
    try {
      args = JSON.parse(argsText);
    } catch (error) {
      throw new ConfigError(
        `call arguments are not valid JSON (${(error as Error).message}); e.g. '{"service_id":"dbtgf28216706"}'`,
      );
    }
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new ConfigError("call arguments must be a JSON object, e.g. '{\"page_size\":5}'");
  }
  return { kind: "call", config, tool, args: args as Record<string, unknown>, json };
}

/** The --help text: usage written here, every option derived from the tables. */
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
