/** The default mode: serve one assistant over stdio until it goes away. */
import type { Dispatcher } from "undici";
import { BackupsApi } from "../api/client.js";
import { loadUndici, type HttpOptions } from "../api/transport.js";
import type { ServerConfig } from "../config/config.js";
import type { ServerOptions } from "../mcp/server.js";
import { serveStdio } from "../mcp/stdio.js";
import { confirmationKey } from "../safety/confirm.js";
import { ALL_TOOLS } from "../tools/all-tools.js";
import { selectTools } from "../tools/define.js";
import { USER_AGENT } from "../version.js";

export async function serve(config: ServerConfig): Promise<void> {
  // Decided before anything starts: an unknown tool name is a configuration error.
  const toolCount = selectTools(ALL_TOOLS, config).length;
  const backend = await openBackend(config);
  if (config.demo) log(`demo mode: ${backend.target} with generated data`);
  await serveStdio(serverOptionsFor(config, backend), {
    graceMs: config.deadlineMs,
    onClosed: () => backend.close(),
    log,
    ready: `ready (${backend.target}; ${toolCount} tools${config.readOnly ? ", read-only" : ""})`,
    // The HTTP client is loaded lazily, to answer initialize sooner; the first call need not wait for it.
    warmUp: () => void loadUndici(),
  });
}

/**
 * The API client a command talks to: the real API, or in demo mode an
 * emulator started in this process on a free loopback port.
 */
export interface Backend {
  api: BackupsApi;
  /** The API base URL requests go to (the demo emulator's in demo mode). */
  apiUrl: string;
  /** Where requests go, for log lines. */
  target: string;
  close(): Promise<void>;
}

/** `dispatcher`: a connection pool to share (team mode); by default the client makes its own. */
export async function openBackend(config: ServerConfig, dispatcher?: Dispatcher): Promise<Backend> {
  let apiUrl = config.apiUrl;
  let stopEmulator: (() => Promise<void>) | undefined;
  if (config.demo) {
    // Loaded only in demo mode so a normal start never pays for the emulator.
    const { startEmulator, DEMO_RESTORE_SPEEDUP } = await import("../emulator/emulator.js");
    const emulator = await startEmulator({
      apiKey: config.apiKey,
      port: 0,
      host: "127.0.0.1",
      restoreSpeedup: DEMO_RESTORE_SPEEDUP,
    });
    apiUrl = emulator.url;
    stopEmulator = () => emulator.close();
  }
  const api = apiClient(config, { baseUrl: apiUrl, dispatcher });
  return {
    api,
    apiUrl,
    target: config.demo ? `demo emulator at ${apiUrl}` : apiUrl,
    async close() {
      await api.close().catch(() => undefined);
      await stopEmulator?.().catch(() => undefined);
    },
  };
}

/**
 * An API client with the configuration's timeouts and retries: the server's
 * own key by default; team mode passes each user's key and its shared pool.
 */
export function apiClient(
  config: ServerConfig,
  overrides: Partial<
    Pick<HttpOptions, "baseUrl" | "apiKey" | "orgId" | "dispatcher" | "keySource">
  >,
): BackupsApi {
  return new BackupsApi({
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
    orgId: config.orgId,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    userAgent: USER_AGENT,
    ...overrides,
  });
}

/**
 * The server a configuration asks for, the same for every mode: serving an
 * assistant over stdio and the `call`/`audit` commands get the same tools,
 * scope, confirmation rules and secrets, so they can never disagree.
 */
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

/** Lifecycle lines of the modes that serve: stderr, since stdout may carry JSON-RPC. */
export function log(message: string): void {
  process.stderr.write(`skybackup-mcp: ${message}\n`);
}
