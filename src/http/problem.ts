/**
 * HTTP-level refusals, in the shape the MCP SDK uses for its own: a JSON-RPC
 * error with no id, so an MCP client shows the message instead of a bare status.
 */
import type { ServerResponse } from "node:http";

/** A refusal decided before MCP sees the request. */
export interface Problem {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-RPC code: -32700 unparsable, -32600 not a request, -32000 anything else. */
  readonly code?: number;
}

export function sendProblem(res: ServerResponse, problem: Problem): void {
  if (res.headersSent) return;
  const body = JSON.stringify({
    jsonrpc: "2.0",
    error: { code: problem.code ?? -32000, message: problem.message },
    id: null,
  });
  res.writeHead(problem.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...problem.headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}
