/**
 * Rules a POST to /mcp must meet, each answering with the refusal to send,
 * or undefined when the request passes.
 */
import type { IncomingMessage } from "node:http";
import type { Problem } from "./problem.js";

/** Two keys (or two Authorization headers) in one request: which one is meant is anyone's guess. */
export function duplicateCredentials(req: IncomingMessage): Problem | undefined {
  for (const name of ["authorization", "x-api-key", "x-mdb-org"])
    if ((req.headersDistinct[name]?.length ?? 0) > 1)
      return { status: 400, message: `Bad Request: send ${name} once` };
  return undefined;
}

/** MCP 2025-06-18 removed JSON-RPC batching; a client speaking it or later never batches. */
export function batchProblem(
  body: unknown,
  version: string | string[] | undefined,
): Problem | undefined {
  if (!Array.isArray(body) || typeof version !== "string" || version < "2025-06-18")
    return undefined;
  return {
    status: 400,
    code: -32600,
    message: `Invalid Request: MCP ${version} has no JSON-RPC batches; send one message per POST`,
  };
}

/** Stateless: no standalone SSE stream (GET) and no session to end (DELETE). */
export function methodProblem(method: string | undefined): Problem | undefined {
  if (method === "POST") return undefined;
  return {
    status: 405,
    message: "Method Not Allowed: this stateless MCP endpoint takes POST only",
    headers: { allow: "POST" },
  };
}
