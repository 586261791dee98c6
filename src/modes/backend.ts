/**
 * The API client a command talks to: the real API, or in demo mode an
 * emulator started in this process on a free loopback port.
 */
import type { Dispatcher } from "undici";
import { BackupsApi } from "../api/client.js";
import type { HttpOptions } from "../api/transport.js";
import type { ServerConfig } from "../config/config.js";
import { USER_AGENT } from "../version.js";

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
    const { startEmulator, DEMO_RESTORE_SPEEDUP } = await import("../emulator/index.js");
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
