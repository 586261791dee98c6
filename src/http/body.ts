/**
 * Reads one POST body, bounded: a declared Content-Length over the limit is
 * refused unread, and a body that grows past it is cut off. Then parsed, so
 * a junk body gets a JSON-RPC parse error, not a stack trace, and JSON that
 * is not JSON-RPC gets an Invalid Request that says what to send.
 */
import type { IncomingMessage } from "node:http";
import type { Problem } from "./team-server.js";

/** MCP requests are small; create_restore with a credentials file is a few KB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How much of a refused upload is read and dropped before answering, and for how long; see dropTheRest. */
const DROP_BYTES = 16 * MAX_BODY_BYTES;
const DROP_MS = 5_000;
/** A client that has stopped sending is waiting for the answer: give it after this pause. */
const DROP_IDLE_MS = 250;

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
  const raw =
    Number.isFinite(declared) && declared > maxBytes ? undefined : await collect(req, maxBytes);
  if (raw === undefined) {
    if (!/100-continue/i.test(req.headers.expect ?? "")) await dropTheRest(req);
    return { problem: tooLarge };
  }
  const text = raw.toString("utf8");
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

/** The body, or undefined once it grows past `maxBytes` (the rest is left unread). */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.pause();
      req.off("data", onData);
      resolve(undefined);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/**
 * The client of a refused upload is usually still writing it. Answering and
 * closing at once makes its next write fail on a reset connection, and it may
 * never read the 413 (seen as EPIPE in CI); Node closes such a connection as
 * soon as the answer is sent. So, as the emulator does, the rest is read and
 * dropped first, until the body ends, the client pauses (it waits for the
 * answer), or a bound in bytes or time is reached; the answer then says
 * `Connection: close`, and a client still sending past the bound is cut off.
 */
function dropTheRest(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let dropped = 0;
    let idle: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(idle);
      clearTimeout(deadline);
      req.off("data", onData);
      resolve();
    };
    const deadline = setTimeout(done, DROP_MS);
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DROP_BYTES) return done();
      clearTimeout(idle);
      idle = setTimeout(done, DROP_IDLE_MS);
    };
    idle = setTimeout(done, DROP_IDLE_MS);
    req.on("data", onData);
    req.once("end", done);
    req.once("close", done);
    req.resume();
  });
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
