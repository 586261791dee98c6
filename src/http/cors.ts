/**
 * CORS for browser-based MCP clients, only ever for an Origin the origin
 * guard has already let through (a loopback page, or --allowed-origins).
 * Without it such a client could reach the endpoint but never read an answer.
 * The key travels in a header, not a cookie, so credentials mode stays off.
 */
import type { ServerResponse } from "node:http";

const REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "x-api-key",
  "x-mdb-org",
  "mcp-protocol-version",
  "last-event-id",
].join(", ");

/** Marks an answer readable by the allowed page that asked. */
export function allowOrigin(res: ServerResponse, origin: string): void {
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-expose-headers", "www-authenticate, retry-after");
  res.setHeader("vary", "Origin");
}

/** The browser's preflight before a POST with these headers. */
export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": REQUEST_HEADERS,
    "access-control-max-age": "600",
  });
  res.end();
}
