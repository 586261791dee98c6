/**
 * Reads one POST body, bounded: a declared Content-Length over the limit is
 * refused unread, and a body that grows past it is cut off. Then parsed, so
 * a junk body gets a JSON-RPC parse error, not a stack trace, and JSON that
 * is not JSON-RPC gets an Invalid Request that says what to send.
 */
import type { IncomingMessage } from "node:http";
import type { Problem } from "./problem.js";

/** MCP requests are small; create_restore with a credentials file is a few KB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<{ value: unknown } | { problem: Problem }> {
  const tooLarge: Problem = {
    status: 413,
    message: `Payload Too Large: a request body may be at most ${maxBytes} bytes`,
    headers: { connection: "close" },
  };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return { problem: tooLarge };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { problem: tooLarge };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return {
      problem: { status: 400, code: -32700, message: `Parse error: the body is not JSON; ${SEND}` },
    };
  }
  // The SDK answers these with a bare "Invalid JSON-RPC message" (and an empty batch with 202).
  if (!looksLikeJsonRpc(value))
    return { problem: { status: 400, code: -32600, message: `Invalid Request: ${SEND}` } };
  return { value };
}

const SEND =
  'send one JSON-RPC 2.0 message (an object with "jsonrpc": "2.0" and a "method") or a non-empty array of them';

/** The envelope only: the SDK checks each message's shape in full. */
function looksLikeJsonRpc(value: unknown): boolean {
  const isMessage = (item: unknown) =>
    typeof item === "object" && item !== null && (item as { jsonrpc?: unknown }).jsonrpc === "2.0";
  return Array.isArray(value) ? value.length > 0 && value.every(isMessage) : isMessage(value);
}

/** What the access log may say about a body: its JSON-RPC method and tool, never its arguments. */
export function describeRpc(body: unknown): { rpc?: string; tool?: string } {
  if (Array.isArray(body)) return { rpc: `batch of ${body.length}` };
  if (typeof body !== "object" || body === null) return {};
  const { method, params } = body as { method?: unknown; params?: { name?: unknown } };
  const rpc = typeof method === "string" ? method.slice(0, 64) : undefined;
  const name = typeof params === "object" && params !== null ? params.name : undefined;
  const tool = rpc === "tools/call" && typeof name === "string" ? name.slice(0, 64) : undefined;
  return { rpc, tool };
}
