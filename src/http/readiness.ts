/**
 * /readyz: is the API this server relays to answering? Any HTTP answer
 * counts (the probe has no key, so 401 or 404 is expected); a refused
 * connection or a timeout does not. One probe at a time, remembered
 * briefly, so a load balancer polling every second costs the API little.
 */
import type { Dispatcher } from "undici";
import { loadUndici } from "../api/dispatcher.js";

const PROBE_TIMEOUT_MS = 3_000;
const REMEMBER_MS = 5_000;

export interface Readiness {
  ready: boolean;
  /** Why not, in a few words: no address, no key (anyone may ask). */
  detail: string;
}

export function readinessProbe(
  apiUrl: string,
  dispatcher: Dispatcher,
  now: () => number = Date.now,
): () => Promise<Readiness> {
  let last: { at: number; result: Readiness } | undefined;
  let running: Promise<Readiness> | undefined;
  const probe = async (): Promise<Readiness> => {
    const { request } = await loadUndici();
    try {
      const response = await request(apiUrl, {
        method: "GET",
        dispatcher,
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body.dump();
      return { ready: true, detail: `API answered HTTP ${response.statusCode}` };
    } catch (error) {
      // Unauthenticated callers read this: the kind of failure, not the address or the message.
      const code = (error as { code?: unknown }).code;
      const reason =
        error instanceof Error && error.name === "TimeoutError"
          ? "timed out"
          : typeof code === "string"
            ? code
            : "failed";
      return { ready: false, detail: `the API did not answer (${reason})` };
    }
  };
  return async () => {
    if (last !== undefined && now() - last.at < REMEMBER_MS) return last.result;
    running ??= probe().then((result) => {
      last = { at: now(), result };
      running = undefined;
      return result;
    });
    return running;
  };
}
