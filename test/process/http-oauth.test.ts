/**
 * Team mode with a shared key guarded by OAuth: a real issuer (keys served as
 * JWKS over HTTP, found through its metadata), real signed JWTs, and the
 * server spawned from dist/ deciding each one.
 */
import { createServer, type Server } from "node:http";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import {
  MCP_HEADERS,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";
import { closedPort } from "../helpers/net.js";

const AUDIENCE = "https://mcp.example.test/mcp";
const STATIC_TOKEN = "t".repeat(40);

let issuer: string;
let issuerServer: Server;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
let emulator: RunningEmulator;
let server: HttpServer;

async function token(
  claims: { iss?: string; aud?: string; exp?: number | string } = {},
  key: CryptoKey = signingKey,
): Promise<string> {
  return new SignJWT({ scope: "mcp" })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setSubject("dba@example.test")
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? "5m")
    .sign(key);
}

/** An unsigned token ("alg":"none"), which must never pass. */
function unsignedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none" })}.${part({ iss: issuer, aud: AUDIENCE, sub: "x", exp: now + 300 })}.`;
}

/** A tools/list POST to a server, with this Authorization header if any. */
const listToolsAt = (url: string, authorization?: string) =>
  fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...(authorization && { authorization }) },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
const listTools = (authorization?: string) => listToolsAt(server.url, authorization);

/** A JWT from the issuer carrying these claims (scope or scp). */
const tokenWith = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setSubject("dba@example.test")
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setExpirationTime("5m")
    .sign(signingKey);

/** The tools a server lists for this bearer, with these narrowing headers. */
async function namesAt(
  url: string,
  bearer: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  expect(response.status).toBe(200);
  const [message] = await rpcMessages(response);
  return (message as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
}

/** A tools/call for this bearer: its result, or undefined when the HTTP status was not 200. */
async function callAs(
  bearer: string,
  name: string,
  args: object,
  headers: Record<string, string> = {},
) {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { ...MCP_HEADERS, authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name, arguments: args },
    }),
  });
  const [message] = await rpcMessages(response);
  return (
    message as {
      result?: { isError?: boolean; content: { text: string }[]; structuredContent?: unknown };
    }
  ).result;
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair("ES256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  issuerServer = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/oauth-authorization-server")
      return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === "/jwks") return res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end("{}");
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
  const address = issuerServer.address();
  issuer = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  emulator = await startEmulator({ apiKey: "shared-team-key" });
  server = await startHttpServer([], {
    SKYSQL_API_URL: emulator.url,
    SKYSQL_API_KEY: "shared-team-key",
    SKYBACKUP_HTTP_TOKENS: STATIC_TOKEN,
    SKYBACKUP_OAUTH_ISSUER: issuer,
    SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
  });
});

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

describe("team mode with OAuth (shared key)", () => {
  it("publishes its protected-resource metadata, naming the issuer", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
    ]) {
      const response = await fetch(server.origin + path);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: AUDIENCE,
        authorization_servers: [issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: ["backups:read", "backups:write"],
      });
    }
  });

  it("lets an allowed browser page read that metadata (CORS), as it reads /mcp", async () => {
    const page = "http://localhost:6274";
    const response = await fetch(`${server.origin}/.well-known/oauth-protected-resource`, {
      headers: { origin: page },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe(page);
    const elsewhere = await fetch(`${server.origin}/.well-known/oauth-protected-resource-not`);
    expect(elsewhere.status).toBe(404);
  });

  it("answers a request without a token with 401 pointing at that metadata", async () => {
    const response = await listTools();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="skybackup-mcp", resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it("serves a valid JWT from the issuer, and the static access token too", async () => {
    for (const authorization of [`Bearer ${await token()}`, `Bearer ${STATIC_TOKEN}`]) {
      const response = await listTools(authorization);
      expect(response.status).toBe(200);
      const [message] = await rpcMessages(response);
      expect(JSON.stringify(message)).toContain("audit_backups");
    }
  });

  it.each([
    ["another audience", () => token({ aud: "https://other.example.test/mcp" }), '"aud" claim'],
    ["another issuer", () => token({ iss: "https://evil.example.test" }), '"iss" claim'],
    ["an expired token", () => token({ exp: Math.floor(Date.now() / 1000) - 60 }), "expired"],
    ["a key the issuer does not publish", () => token({}, otherKey), "signature"],
    ["an unsigned token", async () => unsignedToken(), "algorithm is not accepted"],
    ["junk", async () => "not-a-jwt", "neither one of this server's access tokens nor a JWT"],
    [
      "a token that never expires",
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "ES256", kid: "k1" })
          .setSubject("forever")
          .setIssuer(issuer)
          .setAudience(AUDIENCE)
          .sign(signingKey),
      '"exp" claim',
    ],
  ])("refuses %s with 401 and says why, without echoing it", async (_name, make, says) => {
    const bad = await make();
    const response = await listTools(`Bearer ${bad}`);
    expect(response.status).toBe(401);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { message: string } };
    expect(body.error.message).toContain(says);
    expect(text).not.toContain(bad);
    expect(server.stderr()).not.toContain(bad);
  });

  it("logs who by a hash of the subject, never the token", async () => {
    const good = await token();
    await (await listTools(`Bearer ${good}`)).text();
    await vi.waitFor(() => expect(server.stderr()).toMatch(/"caller":"sub:[0-9a-f]{10}"/));
    expect(server.stderr()).not.toContain(good);
    expect(server.stderr()).not.toContain("dba@example.test");
  });
});

describe("OAuth scopes grant capability: backups:write for writes, read tools otherwise", () => {
  const WRITE = "delete_backup_schedule";
  const firstSchedule = () =>
    [...emulator.state.schedules.values()].find((schedule) => schedule.service_id)?.id ?? 0;

  it.each([
    ["scope backups:write", { scope: "openid backups:write" }],
    ["scp [backups:write]", { scp: ["backups:write"] }],
    ["scope backups:read backups:write", { scope: "backups:read backups:write" }],
  ])("%s lists the write tools, and a write answers", async (_, claims) => {
    const jwt = await tokenWith(claims);
    expect(await namesAt(server.url, jwt)).toContain(WRITE);
    const preview = await callAs(jwt, WRITE, { id: firstSchedule() });
    expect(preview?.isError).toBeFalsy();
    expect(JSON.stringify(preview?.structuredContent)).toContain("confirmation_token");
  });

  it.each([
    ["scope backups:read", { scope: "backups:read" }],
    ["no capability scope (a token from before these scopes)", { scope: "mcp" }],
    ["no scope at all", {}],
  ])(
    "%s lists the read tools only, and a write is refused as an unknown tool",
    async (_, claims) => {
      const jwt = await tokenWith(claims);
      const names = await namesAt(server.url, jwt);
      expect(names).toContain("audit_backups");
      expect(names).not.toContain(WRITE);
      expect(names).not.toContain("create_restore");
      const before = emulator.requests.length;
      const refused = await callAs(jwt, WRITE, { id: firstSchedule() });
      expect(refused?.isError).toBe(true);
      expect(refused?.content[0]?.text).toContain(`Tool ${WRITE} not found`);
      expect(emulator.requests.length).toBe(before);
    },
  );

  it("a read-only token stays read-only whatever its headers say", async () => {
    const jwt = await tokenWith({ scope: "backups:read" });
    for (const headers of [
      { "x-mcp-read-only": "false" } as Record<string, string>,
      { "x-mcp-tools": `list_backups,${WRITE}` },
    ])
      expect(await namesAt(server.url, jwt, headers)).not.toContain(WRITE);
    const named = await fetch(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${jwt}`, "x-mcp-tools": WRITE },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
    });
    expect(named.status).toBe(403);
    expect(await named.text()).toContain(
      `X-MCP-Tools: none of ${WRITE} is offered to this request`,
    );
  });

  it("a write token narrows itself with the headers", async () => {
    const jwt = await tokenWith({ scope: "backups:write" });
    expect(await namesAt(server.url, jwt, { "x-mcp-read-only": "true" })).not.toContain(WRITE);
    expect(await namesAt(`${server.url}?tools=list_backups`, jwt)).toEqual(["list_backups"]);
  });

  it("the static access token keeps the full grant it always had", async () => {
    expect(await namesAt(server.url, STATIC_TOKEN)).toContain(WRITE);
  });

  it("a write token cannot lift the operator's --read-only", async () => {
    const readOnly = await startHttpServer(["--read-only"], {
      SKYSQL_API_URL: emulator.url,
      SKYSQL_API_KEY: "shared-team-key",
      SKYBACKUP_OAUTH_ISSUER: issuer,
      SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
    });
    try {
      const jwt = await tokenWith({ scope: "backups:write" });
      const names = await namesAt(readOnly.url, jwt, { "x-mcp-read-only": "false" });
      expect(names).toContain("audit_backups");
      expect(names).not.toContain(WRITE);
      expect(readOnly.stderr()).toContain("writes only with the scope backups:write");
    } finally {
      await readOnly.stop();
    }
  });
});

describe("team mode with OAuth alone (no static tokens), off loopback", () => {
  it("still refuses a request without a token, and serves a valid JWT", async () => {
    const open = await startHttpServer(["--host", "0.0.0.0"], {
      SKYSQL_API_URL: emulator.url,
      SKYSQL_API_KEY: "shared-team-key",
      SKYBACKUP_OAUTH_ISSUER: issuer,
      SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
    });
    try {
      const url = open.url.replace("0.0.0.0", "127.0.0.1");
      const before = emulator.requests.length;
      const bare = await listToolsAt(url);
      expect(bare.status).toBe(401);
      expect(bare.headers.get("www-authenticate")).toContain("resource_metadata=");
      expect((await listToolsAt(url, "Bearer not-a-jwt")).status).toBe(401);
      expect((await listToolsAt(url, `Bearer ${await token()}`)).status).toBe(200);
      expect(emulator.requests.length).toBe(before);
    } finally {
      await open.stop();
    }
  });
});

describe("team mode with OAuth when the issuer cannot be reached", () => {
  it("answers a JWT with 503 and Retry-After (our side failed, not the token), and junk with 401 at once", async () => {
    const down = await startHttpServer([], {
      SKYSQL_API_URL: emulator.url,
      SKYSQL_API_KEY: "shared-team-key",
      SKYBACKUP_OAUTH_ISSUER: `http://127.0.0.1:${await closedPort()}`,
      SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
    });
    try {
      const post = (authorization: string) => listToolsAt(down.url, authorization);
      const unavailable = await post(`Bearer ${await token()}`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get("retry-after")).toBe("10");
      expect(await unavailable.text()).toContain("signing keys could not be fetched");
      const junk = await post("Bearer not-a-jwt");
      expect(junk.status).toBe(401);
    } finally {
      await down.stop();
    }
  });

  it("answers 503 when the issuer's key set answers but not with keys, and tells the operator why", async () => {
    const broken = await startHttpServer([], {
      SKYSQL_API_URL: emulator.url,
      SKYSQL_API_KEY: "shared-team-key",
      SKYBACKUP_OAUTH_ISSUER: issuer,
      SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
      SKYBACKUP_OAUTH_JWKS_URL: `${issuer}/no-such-jwks`,
    });
    try {
      const jwt = await token();
      const response = await listToolsAt(broken.url, `Bearer ${jwt}`);
      expect(response.status).toBe(503);
      await vi.waitFor(() =>
        expect(broken.stderr()).toContain("OAuth: the issuer's signing keys could not be read"),
      );
      expect(broken.stderr()).not.toContain(jwt);
    } finally {
      await broken.stop();
    }
  });
});

describe("team mode with OAuth and a required scope", () => {
  it("serves a token carrying the scope (scope or scp), refuses one without it with 403 insufficient_scope", async () => {
    const scoped = await startHttpServer([], {
      SKYSQL_API_URL: emulator.url,
      SKYSQL_API_KEY: "shared-team-key",
      SKYBACKUP_OAUTH_ISSUER: issuer,
      SKYBACKUP_OAUTH_AUDIENCE: AUDIENCE,
      SKYBACKUP_OAUTH_SCOPE: "skybackup",
    });
    const signed = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid: "k1" })
        .setSubject("dba@example.test")
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setExpirationTime("5m")
        .sign(signingKey);
    const post = (jwt: string) => listToolsAt(scoped.url, `Bearer ${jwt}`);
    try {
      const lacking = await post(await signed({ scope: "mcp skybackup-read" }));
      expect(lacking.status).toBe(403);
      expect(lacking.headers.get("www-authenticate")).toContain(
        'error="insufficient_scope", scope="skybackup"',
      );
      expect(await lacking.text()).toContain('lacks the scope \\"skybackup\\"');
      expect((await post(await signed({ scope: "openid skybackup" }))).status).toBe(200);
      expect((await post(await signed({ scp: ["skybackup"] }))).status).toBe(200);
      const metadata = (await (
        await fetch(`${scoped.origin}/.well-known/oauth-protected-resource`)
      ).json()) as { scopes_supported?: string[] };
      expect(metadata.scopes_supported).toEqual(["skybackup", "backups:read", "backups:write"]);
      // The operator's scope still gates; the capability scopes decide what passes it may do.
      expect((await post(await signed({ scope: "backups:write" }))).status).toBe(403);
      expect(await namesAt(scoped.url, await signed({ scope: "skybackup" }))).not.toContain(
        "delete_backup_schedule",
      );
      expect(
        await namesAt(scoped.url, await signed({ scope: "skybackup backups:write" })),
      ).toContain("delete_backup_schedule");
    } finally {
      await scoped.stop();
    }
  });
});
