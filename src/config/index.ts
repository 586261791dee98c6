/**
 * Configuration is read once, from the environment and the command line
 * (flags win), validated, frozen and passed in. A bad setting is a
 * ConfigError whose one-line message names the variable or flag to fix.
 */
import { parseArgs } from "node:util";
import { hasControlCharacters } from "../util/control-chars.js";
import { ConfigError } from "./errors.js";
import { boolean, choice, integer, list } from "./values.js";

export { ConfigError };

export type ConfirmMode = "always" | "never";

export interface ServerConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly orgId: string | undefined;
  readonly timeoutMs: number;
  /** Overall budget of one tool call, retries included. */
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly demo: boolean;
  readonly readOnly: boolean;
  /** Allow list of tool names; undefined = all. */
  readonly tools: readonly string[] | undefined;
  readonly disabledTools: readonly string[];
  /** Services every tool is limited to; undefined = all. */
  readonly services: readonly string[] | undefined;
  readonly confirm: ConfirmMode;
}

export interface EmulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly backups: number | undefined;
  readonly services: number | undefined;
}

export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "serve"; readonly config: ServerConfig }
  | { readonly kind: "emulator"; readonly emulator: EmulatorConfig };

export const DEFAULT_API_URL = "https://api.skysql.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEMO_API_KEY = "demo-key";

const OPTIONS = {
  demo: { type: "boolean" },
  "api-url": { type: "string" },
  "org-id": { type: "string" },
  "timeout-ms": { type: "string" },
  "deadline-ms": { type: "string" },
  "max-retries": { type: "string" },
  "read-only": { type: "boolean" },
  tools: { type: "string" },
  "disable-tools": { type: "string" },
  services: { type: "string" },
  confirm: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  seed: { type: "string" },
  backups: { type: "string" },
  "service-count": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type Env = Readonly<Record<string, string | undefined>>;
type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
};

const TOOL_NAME = /^[a-z][a-z_]{1,63}$/;
const SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;

export function parseCommand(argv: readonly string[], env: Env): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split("\n")[0]}; run with --help for usage`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [sub, ...extra] = positionals;
  if (extra.length > 0)
    throw new ConfigError(`unexpected argument "${extra[0]}"; run with --help for usage`);
  if (sub === "emulator") return { kind: "emulator", emulator: emulatorConfig(values) };
  if (sub !== undefined)
    throw new ConfigError(`unknown command "${sub}"; commands: emulator (or none to serve MCP)`);
  return { kind: "serve", config: serverConfig(values, env) };
}

export function serverConfig(values: Values, env: Env): ServerConfig {
  const demo = values.demo === true;
  const apiKey = demo ? DEMO_API_KEY : (env.SKYSQL_API_KEY ?? "").trim();
  if (!demo && apiKey === "") {
    throw new ConfigError(
      "SKYSQL_API_KEY is not set: export your MariaDB Cloud API key, or run with --demo to try the emulator",
    );
  }
  // A key with control characters would corrupt the request header (or smuggle one).
  if (hasControlCharacters(apiKey))
    throw new ConfigError("SKYSQL_API_KEY contains control characters; copy the key again");
  const orgId = values["org-id"] ?? env.SKYSQL_ORG_ID;
  if (orgId !== undefined && orgId !== "" && !/^[\w.-]{1,128}$/.test(orgId)) {
    throw new ConfigError(
      "SKYSQL_ORG_ID / --org-id must be letters, digits, '.', '_' or '-' (up to 128)",
    );
  }
  const timeoutMs = integer(
    values["timeout-ms"] ?? env.SKYSQL_TIMEOUT_MS,
    "SKYSQL_TIMEOUT_MS / --timeout-ms",
    DEFAULT_TIMEOUT_MS,
    100,
    600_000,
  );
  const deadlineName = "SKYSQL_DEADLINE_MS / --deadline-ms";
  const deadlineMs = integer(
    values["deadline-ms"] ?? env.SKYSQL_DEADLINE_MS,
    deadlineName,
    Math.max(DEFAULT_DEADLINE_MS, timeoutMs),
    100,
    3_600_000,
  );
  if (deadlineMs < timeoutMs)
    throw new ConfigError(
      `${deadlineName} (${deadlineMs}) must be at least the request timeout (${timeoutMs})`,
    );
  return Object.freeze({
    apiUrl: demo ? "" : checkUrl(values["api-url"] ?? env.SKYSQL_API_URL ?? DEFAULT_API_URL),
    apiKey,
    orgId: orgId || undefined,
    timeoutMs,
    deadlineMs,
    maxRetries: integer(
      values["max-retries"] ?? env.SKYSQL_MAX_RETRIES,
      "SKYSQL_MAX_RETRIES / --max-retries",
      3,
      0,
      10,
    ),
    demo,
    readOnly: values["read-only"] === true || boolean(env.SKYSQL_READ_ONLY, "SKYSQL_READ_ONLY"),
    tools: list(
      values.tools ?? env.SKYSQL_TOOLS,
      "SKYSQL_TOOLS / --tools",
      TOOL_NAME,
      "a tool name",
    ),
    disabledTools:
      list(
        values["disable-tools"] ?? env.SKYSQL_DISABLE_TOOLS,
        "SKYSQL_DISABLE_TOOLS / --disable-tools",
        TOOL_NAME,
        "a tool name",
      ) ?? [],
    services: list(
      values.services ?? env.SKYSQL_SERVICES,
      "SKYSQL_SERVICES / --services",
      SERVICE_ID,
      "a service id such as dbtgf28216706",
    ),
    confirm: choice(
      values.confirm ?? env.SKYSQL_CONFIRM,
      "SKYSQL_CONFIRM / --confirm",
      ["always", "never"] as const,
      "always",
    ),
  });
}

function emulatorConfig(values: Values): EmulatorConfig {
  return Object.freeze({
    port: integer(values.port, "--port", 8080, 0, 65_535),
    host: values.host ?? "127.0.0.1",
    seed: integer(values.seed, "--seed", 42, 0, 2 ** 31 - 1),
    backups:
      values.backups === undefined
        ? undefined
        : integer(values.backups, "--backups", 0, 1, 5_000_000),
    services:
      values["service-count"] === undefined
        ? undefined
        : integer(values["service-count"], "--service-count", 0, 6, 10_000),
  });
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `SKYSQL_API_URL / --api-url "${raw}" is not a URL; expected e.g. ${DEFAULT_API_URL}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`SKYSQL_API_URL / --api-url must be http(s), got ${url.protocol}`);
  }
  if (url.username || url.password)
    throw new ConfigError("SKYSQL_API_URL / --api-url must not carry credentials");
  return url.origin + url.pathname.replace(/\/+$/, "");
}
