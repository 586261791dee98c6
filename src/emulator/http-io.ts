import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, badRequest } from "./errors.js";

const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much draining an oversized upload, drop the connection instead. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

const tooLarge = (): HttpError =>
  new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`, {
    connection: "close",
  });

/**
 * Reads the whole body, refusing more than 1 MiB. An oversized body is drained before the 413
 * so the client, still writing, reads the answer instead of a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > MAX_BODY_BYTES;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        reject(tooLarge());
      } else if (!over) chunks.push(chunk);
    });
    req.on("end", () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** Parses a request body as JSON; `undefined` when the body is empty. */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw badRequest("request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? `: ${err.message}` : "";
    throw badRequest(`request body is not valid JSON${detail}`);
  }
}

export interface Reply {
  status: number;
  /** Omitted for an empty body (DELETE answers 200 with nothing). */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status, { "content-length": "0" });
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": String(payload.length),
  });
  res.end(payload);
}
