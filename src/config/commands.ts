/** argv -> Command: which mode, with which settings. */
import { parseArgs } from "node:util";
import { ConfigError } from "./errors.js";
import type { Command, EmulatorConfig, ServerConfig } from "./index.js";
import { serverConfig, type Env, type Values } from "./server-config.js";
import { integer } from "./values.js";

export const OPTIONS = {
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
  json: { type: "boolean" },
  "max-age-hours": { type: "string" },
  "lookback-days": { type: "string" },
  "max-full-age-days": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const AUDIT_FLAGS = [
  ["max-age-hours", "max_age_hours", 8760],
  ["lookback-days", "lookback_days", 90],
  ["max-full-age-days", "max_full_age_days", 365],
] as const;

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
  const [sub, ...rest] = positionals;
  const json = values.json === true;
  if (sub === "call") return callCommand(rest, serverConfig(values, env), json);
  const extra = rest[0];
  if (extra !== undefined)
    throw new ConfigError(`unexpected argument "${extra}"; run with --help for usage`);
  if (sub === "emulator") return { kind: "emulator", emulator: emulatorConfig(values) };
  if (sub === "audit") {
    // The flags map one to one onto audit_backups' arguments, with the same ranges.
    const auditArgs: Record<string, number> = {};
    for (const [flag, arg, max] of AUDIT_FLAGS) {
      const raw = values[flag];
      if (raw !== undefined) auditArgs[arg] = integer(raw, `--${flag}`, 0, 1, max);
    }
    return { kind: "audit", config: serverConfig(values, env), auditArgs, json };
  }
  if (sub !== undefined) {
    throw new ConfigError(
      `unknown command "${sub}"; commands: call, audit, emulator (or none to serve MCP)`,
    );
  }
  return { kind: "serve", config: serverConfig(values, env) };
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
