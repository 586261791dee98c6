/** The MCP server's settings from env and flags. */
import { hasControlCharacters } from "../util/control-chars.js";
import { SERVICE_ID_PATTERN as SERVICE_ID } from "../util/service-id.js";
import type { OPTIONS } from "./commands.js";
import { ConfigError } from "./errors.js";
import {
  DEFAULT_API_URL,
  DEFAULT_DEADLINE_MS,
  DEFAULT_TIMEOUT_MS,
  DEMO_API_KEY,
  type ServerConfig,
} from "./index.js";
import { boolean, choice, integer, list } from "./values.js";

export type Env = Readonly<Record<string, string | undefined>>;
export type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
};

const TOOL_NAME = /^[a-z][a-z_]{1,63}$/;

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
