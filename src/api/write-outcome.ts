/**
 * A write that got no usable answer may still have been applied: the
 * request reached the API and only the answer was lost, late or garbled.
 * Saying "try again" then invites a duplicate, so such errors are marked and
 * say to check first. Only a refused connection, or an answer the API gave
 * before acting (400, 401, 403, 404, 409, 413, 429, 503), is known not to
 * have changed anything.
 */
import type { ApiErrorInit } from "./errors.js";

const MAYBE_APPLIED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504]);

const OUTCOME_UNKNOWN_HINT =
  "The request was sent and may have been applied: check the current state before repeating it.";

export function markUnknownWriteOutcome(
  method: string,
  init: Omit<ApiErrorInit, "method" | "path">,
) {
  if (method === "GET" || !maybeApplied(init)) return init;
  return { ...init, outcomeUnknown: true, hint: OUTCOME_UNKNOWN_HINT };
}

function maybeApplied(init: Omit<ApiErrorInit, "method" | "path">): boolean {
  switch (init.kind) {
    case "network":
      return init.code !== "ECONNREFUSED";
    case "timeout":
    case "aborted":
    case "bad_response":
      return true;
    case "http":
      return init.status !== undefined && MAYBE_APPLIED_STATUSES.has(init.status);
  }
}
