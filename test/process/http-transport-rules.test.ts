/**
 * The Streamable HTTP status codes a stateless server owes (MCP 2025-06-18 and
 * 2025-11-25, basic/transports). Neither conformance suite checks them here:
 * the stable one has no such scenario, and the 0.2.0 alpha's
 * server-session-lifecycle stops at "no session" and its stateless and header
 * scenarios speak only the 2026-07-28 wire. So this test does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MCP_HEADERS,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";

const PING = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "ping" });

describe("team mode's transport status codes", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(["--demo"]);
  });
  afterAll(async () => {
    await server.stop();
  });

  // No session means no server-sent stream to open and nothing to terminate:
  // the spec lets such a server answer GET and DELETE with 405.
  it.each(["GET", "DELETE"])("%s gets 405 with Allow: POST", async (method) => {
    const response = await fetch(server.url, {
      method,
      headers: { accept: "text/event-stream" },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(response.headers.get("mcp-session-id")).toBeNull();
    await response.body?.cancel();
  });

  it("a POST that does not accept both JSON and SSE gets 406", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: PING,
    });
    expect(response.status).toBe(406);
    await response.body?.cancel();
  });

  it("a POST whose body is not JSON gets 415", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "content-type": "text/plain" },
      body: PING,
    });
    expect(response.status).toBe(415);
    await response.body?.cancel();
  });

  it("an MCP-Protocol-Version it does not speak gets 400, naming the ones it does", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-protocol-version": "2026-07-28" },
      body: PING,
    });
    expect(response.status).toBe(400);
    const [answer] = await rpcMessages(response);
    expect(JSON.stringify(answer)).toContain("2025-11-25");
  });

  it("the same POST at a version it speaks is answered, with no session id", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-protocol-version": "2025-11-25" },
      body: PING,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(await rpcMessages(response)).toEqual([{ jsonrpc: "2.0", id: 7, result: {} }]);
  });
});
