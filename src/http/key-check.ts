/**
 * A user's key, tried once when their client connects. initialize and
 * tools/list need no API call, so a wrong key would otherwise look connected
 * until the first tool call fails. One read of one backup asks the API; only
 * its definite "this key is not valid" (401) refuses the connection. An API
 * that is down, slow or says 403 (a valid key with a narrow role) does not:
 * the calls themselves will say what is wrong.
 */
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import type { Problem } from "./problem.js";

const CHECK_TIMEOUT_MS = 5_000;

/** True for an initialize request (alone or in a batch). */
export function isInitialize(body: unknown): boolean {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message === "object" &&
      message !== null &&
      (message as { method?: unknown }).method === "initialize",
  );
}

/** "accepted", "unknown" (the API did not say), or the refusal when it rejects the key. */
export async function checkKey(api: BackupsApi): Promise<"accepted" | "unknown" | Problem> {
  try {
    await api.listBackups({ page_size: 1 }, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    return "accepted";
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) return "unknown";
    return {
      status: 401,
      message:
        "Unauthorized: MariaDB Cloud rejected this API key; put a valid key (MariaDB Cloud portal > API keys) in your client's Authorization: Bearer or X-API-Key header",
      headers: { "www-authenticate": 'Bearer realm="skybackup-mcp", error="invalid_token"' },
    };
  }
}
