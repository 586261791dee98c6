/**
 * Team mode with a shared SKYSQL_API_KEY and access tokens: a caller without
 * the server's token (missing, wrong, one character off) is refused with
 * 401, a caller who sends a key of their own is told it would not be used,
 * and the process stays healthy for callers with a token.
 */
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
} from "../helpers/raw-http.js";

const TOKEN_A = "tok-a-5f4dcc3b5aa765d61d8327deb882cf99";
const TOKEN_B = "tok-b-e99a18c428cb38d5f260853678922e03";
/** TOKEN_A with its last character changed. */
const NEAR_MISS = `${TOKEN_A.slice(0, -1)}8`;
const OWN_KEY = "users-own-key-0a1b2c";

let emulator: RunningEmulator;
let server: HttpServer;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_KEY });
  server = await startHttpServer([], {
    SKYSQL_API_URL: emulator.url,
    SKYSQL_API_KEY: TEST_KEY,
    SKYBACKUP_HTTP_TOKENS: `${TOKEN_A},${TOKEN_B}`,
  });
});
afterAll(async () => {
  await server.stop();
  await emulator.close();
});

const post = (headers: Record<string, string>) =>
  rawRequest(server.url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: toolCall("list_services"),
  });

describe("team mode with a shared key and access tokens", () => {
  it("refuses no token, a wrong token and a near miss with 401, and stays healthy", async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /send this server's access token as Authorization: Bearer <token>/],
      [{ authorization: "Bearer not-the-token-at-all-0000000000000" }, /access token is not valid/],
      [{ authorization: `Bearer ${NEAR_MISS}` }, /access token is not valid/],
      [
        { authorization: `Basic ${Buffer.from(`x:${TOKEN_A}`).toString("base64")}` },
        /Bearer <token>/,
      ],
    ];
    for (const [headers, message] of cases) {
      const response = await post(headers);
      expectRefusal(response, 401, message);
      expect(response.headers["www-authenticate"]).toContain("Bearer");
      await expectHealthy(server, { authorization: `Bearer ${TOKEN_A}` });
    }
  });

  it("tells a caller who sends their own key that the server uses its shared key", async () => {
    const ownKey: Record<string, string>[] = [
      { "x-api-key": OWN_KEY },
      { "x-api-key": OWN_KEY, authorization: `Bearer ${TOKEN_A}` },
      { "x-mdb-org": "org-1", authorization: `Bearer ${TOKEN_A}` },
    ];
    for (const headers of ownKey) {
      expectRefusal(await post(headers), 400, /uses its own shared API key; remove X-API-Key/);
      await expectHealthy(server, { authorization: `Bearer ${TOKEN_B}` });
    }
  });

  it("serves either token, logs which by number, and never logs a token or a key", () => {
    const lines = accessLines(server.stderr());
    const callers = new Set(
      lines
        .filter((line) => line.path === "/mcp" && line.status === 200)
        .map((line) => line.caller),
    );
    expect(callers).toEqual(new Set(["token:1", "token:2"]));
    expect(lines.filter((line) => line.status === 401)).toHaveLength(4);
    expect(lines.filter((line) => line.status === 400)).toHaveLength(3);
    for (const secret of [TOKEN_A, TOKEN_B, NEAR_MISS, OWN_KEY, TEST_KEY])
      expect(server.stderr()).not.toContain(secret);
  });
});
