/**
 * The server a configuration asks for, the same for every mode: serving an
 * assistant over stdio and the `call`/`audit` commands get the same tools,
 * scope, confirmation rules and secrets, so they can never disagree.
 */
import type { ServerConfig } from "../config/config.js";
import type { ServerOptions } from "../mcp/server.js";
import { confirmationKey } from "../safety/confirmation-tokens.js";
import { ALL_TOOLS } from "../tools/index.js";
import { selectTools } from "../tools/select.js";
import type { Backend } from "./backend.js";

export function serverOptionsFor(config: ServerConfig, backend: Backend): ServerOptions {
  return {
    ...sharedServerOptions(config),
    api: backend.api,
    secrets: [config.apiKey],
    confirmationKey: confirmationKey(config.apiKey, config.orgId),
  };
}

/** Everything but whose key the calls use: in team mode that differs from request to request. */
export function sharedServerOptions(
  config: ServerConfig,
): Omit<ServerOptions, "api" | "secrets" | "confirmationKey" | "confirmationTokens"> {
  return {
    demo: config.demo,
    tools: selectTools(ALL_TOOLS, config),
    services: config.services,
    confirm: config.confirm,
    deadlineMs: config.deadlineMs,
  };
}
