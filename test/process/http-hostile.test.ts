/**
 * Hostile requests against team mode with per-user keys: each one gets a
 * clear HTTP error (a status and a JSON-RPC message saying what to do),
 * nothing reaches the API, and the process stays healthy for everyone else.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import { TEST_KEY } from "../helpers/harness.js";
import { MCP_HEADERS, startHttpServer, type HttpServer } from "../helpers/http-server.js";
import {
  accessLines,
  expectHealthy,
  expectRefusal,
  rawRequest,
  toolCall,
  type RawRequest,
  type RawResponse,
} from "../helpers/raw-http.js";

const USER_KEY = "user-key-3c1f9a7e5d";
const OTHER_KEY = "user-key-other-8b2d";
const LONG_KEY = `long-key-${"q".repeat(2000)}`;
const TAB_KEY = "tab-key\tsecret-77";
/** Rides in request bodies: the access log must never show it. */
const MARKER = "body-marker-d41d8cd9";
const USER = { authorization: `Bearer ${USER_KEY}` };

let emulator: RunningEmulator;
let server: HttpServer;
let refusals = 0;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_KEY, perKeyAccounts: true });
  server = await startHttpServer([], { SKYSQL_API_URL: emulator.url });
});
afterAll(async () => {
  await server.stop();
  await emulator.close();
});

/** Sends a hostile request to /mcp (or `path`); it is refused, nothing reaches the API, the process stays healthy. */
async function refused(
  options: RawRequest & { path?: string },
  status: number,
  message: RegExp,
): Promise<RawResponse> {
  const before = emulator.requests.length;
  const response = await rawRequest(`${server.origin}${options.path ?? "/mcp"}`, {
    method: "POST",
    ...options,
    headers: { ...MCP_HEADERS, ...options.headers },
  });
  expectRefusal(response, status, message);
  expect(emulator.requests.length).toBe(before);
  refusals += 1;
  await expectHealthy(server, USER);
  return response;
}

const call = toolCall("list_services", { note: MARKER });

describe("team mode with per-user keys refuses hostile requests and stays healthy", () => {
  it("refuses a request with no key, a malformed key, two different keys, a bad X-MDB-Org", async () => {
    const noKey = await refused({ body: call }, 401, /send it as Authorization: Bearer <key>/);
    expect(noKey.headers["www-authenticate"]).toContain("Bearer");
    for (const key of [LONG_KEY, TAB_KEY])
      await refused({ body: call, headers: { "x-api-key": key } }, 401, /malformed; copy it again/);
    await refused(
      { body: call, headers: { ...USER, "x-api-key": OTHER_KEY } },
      400,
      /Authorization and X-API-Key carry different keys/,
    );
    await refused(
      { body: call, headers: { ...USER, "x-mdb-org": "org/../../x" } },
      400,
      /X-MDB-Org must be letters, digits/,
    );
  });

  it("refuses a foreign Origin, a foreign Host and Origin null; a loopback Origin passes", async () => {
    const port = new URL(server.origin).port;
    for (const origin of ["https://evil.example", "null", `http://127.0.0.1.evil.example:${port}`])
      await refused({ body: call, headers: { ...USER, origin } }, 403, /is not allowed; add it/);
    await refused(
      { body: call, headers: { ...USER, host: `evil.example:${port}` } },
      403,
      /Host "evil.example:\d+" is not served here/,
    );
    await expectHealthy(server, { ...USER, origin: "http://localhost:5173" });
  });

  it("refuses a huge body, declared or chunked, with 413", async () => {
    const declared = await bigBody({ declared: 5 * 1024 * 1024 });
    expectRefusal(declared, 413, /at most 1048576 bytes/);
    const chunked = await bigBody({});
    expectRefusal(chunked, 413, /at most 1048576 bytes/);
    // Asked first (Expect: 100-continue): refused without being told to send it.
    const asked = await askToSend(5 * 1024 * 1024);
    expect(asked.continued).toBe(false);
    expectRefusal(asked.response, 413, /at most 1048576 bytes/);
    refusals += 3;
    await expectHealthy(server, USER);
  });

  it("reads and drops the rest of a refused upload for a while, then cuts a client that keeps sending", async () => {
    const sent = await sendRegardless(64 * 1024 * 1024);
    expect(sent.status).toBe(413);
    expect(sent.cutAfterBytes).toBeGreaterThan(1024 * 1024);
    expect(sent.cutAfterBytes).toBeLessThan(40 * 1024 * 1024);
    refusals += 1;
    await expectHealthy(server, USER);
  });

  it("refuses malformed JSON, JSON that is not JSON-RPC, an empty batch and a batch of 1,000 calls", async () => {
    await refused({ body: "{not json", headers: USER }, 400, /Parse error.*send one JSON-RPC/);
    for (const body of ['{"hello":"world"}', '"text"', "[]", "[1,2]"])
      await refused({ body, headers: USER }, 400, /Invalid Request: send one JSON-RPC 2.0 message/);
    const batch = `[${Array.from({ length: 1000 }, (_, id) => toolCall("list_services", {}, id)).join(",")}]`;
    await refused({ body: batch, headers: USER }, 400, /Batch must not exceed 100 messages/);
  });

  it("refuses a key sent twice, a malformed Authorization beside X-API-Key, and a batch from a client speaking 2025-06-18", async () => {
    const twice = { "x-api-key": [USER_KEY, OTHER_KEY] } as unknown as Record<string, string>;
    await refused({ body: call, headers: twice }, 400, /send x-api-key once/);
    await refused(
      { body: call, headers: { authorization: "Bearer two words", "x-api-key": USER_KEY } },
      401,
      /must be `Bearer <key>`/,
    );
    const pings = JSON.stringify([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    await refused(
      { body: pings, headers: { ...USER, "mcp-protocol-version": "2025-06-18" } },
      400,
      /MCP 2025-06-18 has no JSON-RPC batches/,
    );
    // Without a protocol version (an older client), a small batch is still answered.
    const older = await rawRequest(server.url, {
      method: "POST",
      body: pings,
      headers: { ...MCP_HEADERS, ...USER },
    });
    expect(older.status).toBe(200);
  });

  it("lets an allowed browser page read answers (CORS), and gives a foreign one nothing", async () => {
    const page = "http://localhost:6274";
    const preflight = await rawRequest(server.url, {
      method: "OPTIONS",
      headers: { origin: page, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(page);
    expect(preflight.headers["access-control-allow-headers"]).toContain("authorization");
    const answer = await rawRequest(server.url, {
      method: "POST",
      body: toolCall("list_services"),
      headers: { ...MCP_HEADERS, ...USER, origin: page },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBe(page);
    const foreign = await rawRequest(server.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
    refusals += 1;
  });

  it("answers other methods with 405 and Allow, a wrong Accept with 406, a wrong type with 415, another path with 404", async () => {
    for (const method of ["GET", "DELETE", "PUT"]) {
      const response = await refused({ method, headers: USER }, 405, /takes POST only/);
      expect(response.headers.allow).toBe("POST");
    }
    await refused(
      { body: call, headers: { ...USER, accept: "application/json" } },
      406,
      /Not Acceptable/,
    );
    await refused(
      { body: call, headers: { ...USER, "content-type": "text/plain" } },
      415,
      /Content-Type must be application\/json/,
    );
    await refused({ path: "/admin", body: call, headers: USER }, 404, /MCP is served at \/mcp/);
    await refused({ path: `/${"long".repeat(2000)}`, headers: USER }, 404, /not \/longlong\S*…$/);
  });

  it("logs each refusal as one JSON line on stderr with no key, no body", () => {
    const lines = accessLines(server.stderr());
    const refusedLines = lines.filter(
      (line) => typeof line.status === "number" && line.status >= 400,
    );
    expect(refusedLines).toHaveLength(refusals);
    for (const line of refusedLines) {
      expect(Object.keys(line).sort()).toEqual(
        expect.arrayContaining(["method", "ms", "path", "status", "time"]),
      );
      expect(Object.keys(line)).not.toContain("body");
      expect(JSON.stringify(line).length).toBeLessThan(400);
    }
    const stderr = server.stderr();
    for (const secret of [USER_KEY, OTHER_KEY, LONG_KEY.slice(0, 40), "secret-77", MARKER])
      expect(stderr).not.toContain(secret);
  });
});

/** A POST whose body is over the limit: Content-Length says so up front, or chunks grow past it. */
function bigBody(options: { declared?: number }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...MCP_HEADERS, ...USER };
    if (options.declared !== undefined) headers["content-length"] = String(options.declared);
    const req = request(`${server.url}`, { method: "POST", headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, " ");
    let sent = 0;
    let answered = false;
    req.once("response", () => (answered = true));
    // Writes until the server answers; a declared body sends one chunk and waits.
    const pump = () => {
      if (answered || req.destroyed) return;
      if (options.declared !== undefined && sent > 0) return;
      sent += 1;
      if (sent > 200) return void req.end();
      req.write(chunk, () => setImmediate(pump));
    };
    pump();
  });
}

/** A chunked POST that ignores the answer and writes up to `limit` bytes; says when the server cut it off. */
function sendRegardless(limit: number): Promise<{ status: number; cutAfterBytes: number }> {
  return new Promise((resolve) => {
    const req = request(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, ...USER },
      agent: false,
    });
    let status = 0;
    let sent = 0;
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      res.resume();
    });
    req.on("error", () => resolve({ status, cutAfterBytes: sent }));
    req.on("close", () => resolve({ status, cutAfterBytes: sent }));
    const chunk = Buffer.alloc(256 * 1024, " ");
    const pump = () => {
      if (req.destroyed) return resolve({ status, cutAfterBytes: sent });
      if (sent >= limit) return resolve({ status, cutAfterBytes: Infinity });
      sent += chunk.length;
      req.write(chunk, () => setImmediate(pump));
    };
    pump();
  });
}

/** A POST that declares its length and asks before sending the body; resolves with whether it was told to go on. */
function askToSend(length: number): Promise<{ continued: boolean; response: RawResponse }> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...MCP_HEADERS,
      ...USER,
      "content-length": String(length),
      expect: "100-continue",
    };
    let continued = false;
    const req = request(server.url, { method: "POST", headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () =>
        resolve({
          continued,
          response: { status: res.statusCode ?? 0, headers: res.headers, body },
        }),
      );
    });
    req.on("continue", () => {
      continued = true;
      req.destroy();
    });
    req.on("error", (error) =>
      continued
        ? resolve({ continued, response: { status: 0, headers: {}, body: "" } })
        : reject(error),
    );
    req.flushHeaders();
  });
}
