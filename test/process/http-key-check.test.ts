/**
 * Per-user keys are tried when a client connects: a key the API rejects is
 * refused at initialize (a client shows a sign-in problem, not a connected
 * server that fails later), a key it takes is tried only once, and an API
 * that cannot be reached does not stop anyone connecting.
 */
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import { TEST_KEY } from "../helpers/harness.js";
import { connectClient, startHttpServer, type HttpServer } from "../helpers/http-server.js";
import { closedPort } from "../helpers/net.js";

let emulator: RunningEmulator;
let server: HttpServer;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_KEY, perKeyAccounts: true });
  server = await startHttpServer([], { SKYSQL_API_URL: emulator.url });
});
afterAll(async () => {
  await server.stop();
  await emulator.close();
});

const keyChecks = () =>
  emulator.requests.filter((r) => r.path === "/skybackup/v1/backups" && r.query === "page_size=1");

describe("team mode tries a user's key when the client connects", () => {
  it("refuses a key the API rejects with 401 at initialize, saying what to fix", async () => {
    const failure = await connectClient(server.url, { authorization: "Bearer revoked-key-9" }).then(
      () => "connected",
      (error: Error) => error.message,
    );
    expect(failure).toContain("Unauthorized: MariaDB Cloud rejected this API key");
    expect(failure).not.toContain("revoked-key-9");
  });

  it("tries a good key once, however often its user connects", async () => {
    const before = keyChecks().length;
    for (let i = 0; i < 3; i += 1) {
      const client = await connectClient(server.url, { "x-api-key": "good-key-42" });
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    }
    expect(keyChecks().length - before).toBe(1);
  });

  it("lets a key with a narrow role connect: only the API's 401 refuses, not its 403", async () => {
    // A hand-built API that takes every key but forbids everything: a valid key without the role.
    const forbidding = createServer((_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 403, errors: [{ error: "Forbidden", message: "no role" }] }));
    });
    await new Promise<void>((resolve) => forbidding.listen(0, "127.0.0.1", resolve));
    const address = forbidding.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const narrow = await startHttpServer([], { SKYSQL_API_URL: `http://127.0.0.1:${port}` });
    try {
      const client = await connectClient(narrow.url, { "x-api-key": "narrow-role-key" });
      const result = await client.callTool({ name: "list_services", arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain("403");
      await client.close();
    } finally {
      await narrow.stop();
      await new Promise((resolve) => forbidding.close(resolve));
    }
  });

  it("lets a client connect when the API cannot be reached, and says so at the first call", async () => {
    const offline = await startHttpServer([], {
      SKYSQL_API_URL: `http://127.0.0.1:${await closedPort()}`,
      SKYSQL_MAX_RETRIES: "0",
    });
    try {
      const client = await connectClient(offline.url, { "x-api-key": "good-key-42" });
      const result = await client.callTool({ name: "list_services", arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/refused|could not connect/i);
      await client.close();
    } finally {
      await offline.stop();
    }
  });
});
