/**
 * Configuration is read once, from the environment and the command line
 * (flags win), validated, frozen and passed in. A bad setting is a
 * ConfigError whose one-line message names the variable or flag to fix.
 */
import { parseArgs } from "node:util";
import { hasControlCharacters } from "./util/control-chars.js";

export interface ServerConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly orgId: string | undefined;
  readonly timeoutMs: number;
  readonly demo: boolean;
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

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const DEFAULT_API_URL = "https://api.skysql.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEMO_API_KEY = "demo-key";

const OPTIONS = {
  demo: { type: "boolean" },
  "api-url": { type: "string" },
  "org-id": { type: "string" },
  "timeout-ms": { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  seed: { type: "string" },
  backups: { type: "string" },
  services: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

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

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
};

function serverConfig(values: Values, env: Env): ServerConfig {
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
  const apiUrl = values["api-url"] ?? env.SKYSQL_API_URL ?? DEFAULT_API_URL;
  const orgId = values["org-id"] ?? env.SKYSQL_ORG_ID;
  if (orgId !== undefined && !/^[\w.-]{1,128}$/.test(orgId)) {
    throw new ConfigError(
      "SKYSQL_ORG_ID / --org-id must be letters, digits, '.', '_' or '-' (up to 128)",
    );
  }
  return Object.freeze({
    apiUrl: demo ? "" : checkUrl(apiUrl),
    apiKey,
    orgId: orgId || undefined,
    timeoutMs: integer(
      values["timeout-ms"] ?? env.SKYSQL_TIMEOUT_MS,
      "SKYSQL_TIMEOUT_MS / --timeout-ms",
      DEFAULT_TIMEOUT_MS,
      100,
      600_000,
    ),
    demo,
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
      values.services === undefined
        ? undefined
        : integer(values.services, "--services", 0, 6, 10_000),
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

function integer(
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
