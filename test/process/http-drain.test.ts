/**
 * SIGTERM while a slow call is in flight: the server stops taking new
 * connections, says "draining" on /readyz to a request already on an open
 * connection, lets the call finish, and exits 0.
 */
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import { TEST_KEY } from "../helpers/harness.js";
import {
  MCP_HEADERS,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";
import { rawRequest, toolCall } from "../helpers/raw-http.js";

let emulator: RunningEmulator | undefined;
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.stop();
  await emulator?.close();
});

/** An emulator and a shared-key server on it; both are stopped after each test. */
async function startShared(): Promise<{
  api: RunningEmulator;
  running: HttpServer;
  port: number;
}> {
  const api = await startEmulator({ apiKey: TEST_KEY });
  emulator = api;
  const running = await startHttpServer([], {
    SKYSQL_API_URL: api.url,
    SKYSQL_API_KEY: TEST_KEY,
  });
  server = running;
  return { api, running, port: Number(new URL(running.origin).port) };
}

describe("team mode drains on SIGTERM", () => {
  it("finishes the call in flight, says draining on /readyz, and exits 0", async () => {
    const { api, running, port } = await startShared();

    // A connection the server already holds, with a /readyz request begun but not finished:
    // it is busy, so the drain does not close it as idle.
    const probe = connect(port, "127.0.0.1");
    let probeAnswer = "";
    probe.on("data", (chunk: Buffer) => (probeAnswer += chunk.toString()));
    await new Promise<void>((resolve) => probe.once("connect", resolve));
    probe.write(`GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);

    // The API holds its answer for 3 s: the call is in flight when SIGTERM arrives.
    api.faults.add({ fault: "slow_headers", delayMs: 3_000 });
    const pending = fetch(running.url, {
      method: "POST",
      headers: MCP_HEADERS,
      body: toolCall("list_services"),
    });
    await vi.waitFor(() =>
      expect(emulator?.requests.some((r) => r.fault === "slow_headers")).toBe(true),
    );

    running.child.kill("SIGTERM");
    await vi.waitFor(() => expect(running.stderr()).toContain("SIGTERM: draining"));
    await expect(rawRequest(`${running.origin}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    probe.write("\r\n");
    await vi.waitFor(() => expect(probeAnswer).toContain('"status":"draining"'));
    expect(probeAnswer).toMatch(/^HTTP\/1\.1 503/);

    const response = await pending;
    expect(response.status).toBe(200);
    const [answer] = await rpcMessages(response);
    const result = answer?.result as { isError?: boolean; content?: unknown } | undefined;
    expect(result?.isError, JSON.stringify(answer)).toBeFalsy();
    expect(JSON.stringify(result?.content)).toContain("Services:");
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toContain("stopped");
    probe.destroy();
  });
});

describe("team mode drains a request still arriving", () => {
  it("answers a POST whose body was still coming when SIGTERM arrived", async () => {
    const { running, port } = await startShared();
    const body = toolCall("list_services");
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    const head = Object.entries({ ...MCP_HEADERS, host: `127.0.0.1:${port}` })
      .map(([name, value]) => `${name}: ${value}`)
      .join("\r\n");
    socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\ncontent-length: ${body.length}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    // The request has reached the handler (its headers are in) before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.child.kill("SIGTERM");
    await vi.waitFor(() => expect(running.stderr()).toContain("SIGTERM: draining"));
    socket.write(body.slice(10));
    await vi.waitFor(() => expect(answer).toContain("orders-prod"), { timeout: 10_000 });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(await running.exited).toBe(0);
    socket.destroy();
  });
});
