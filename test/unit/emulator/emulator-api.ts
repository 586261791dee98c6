import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../helpers/emulator.js";

/** A fixed instant so every dataset in these tests is reproducible. */
export const T0 = Date.parse("2025-06-15T10:30:00Z");
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A clock the test moves by hand. */
export function manualClock(start = T0): { now: () => Date; advance(ms: number): void } {
  let ms = start;
  return { now: () => new Date(ms), advance: (by) => (ms += by) };
}

export interface Api {
  emulator: RunningEmulator;
  /** Sends a request with the right key unless `headers` override it; parses JSON when present. */
  call(
    method: string,
    path: string,
    init?: { body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<Reply>;
  get(path: string): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary fields of API bodies; `unknown` would need a cast at every use.
  json: Record<string, unknown> & { errors?: { error: string; message: string }[] };
}

export async function startApi(options: EmulatorOptions = {}): Promise<Api> {
  const emulator = await startEmulator({ now: () => new Date(T0), ...options });
  const call: Api["call"] = async (method, path, init = {}) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method,
      body: init.body,
      headers: { "x-api-key": emulator.apiKey, ...init.headers },
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: text === "" ? {} : JSON.parse(text),
    };
  };
  return { emulator, call, get: (path) => call("GET", path), close: () => emulator.close() };
}

/** The one error message of a web.ErrorResponse body. */
export function message(reply: Reply): string {
  return reply.json.errors?.[0]?.message ?? "";
}
