/**
 * Team mode's HTTP server: /mcp (Streamable HTTP, stateless), /healthz and
 * /readyz. Each request is checked in order, cheapest refusal first:
 * Host/Origin, method, credentials, the caller's narrowing (headers, query,
 * OAuth grant), body; only then does MCP see it.
 * Nothing about a request outlives it except its user's API client.
 */
import { clip } from "../util/format.js";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
  type IncomingHttpHeaders,
  type Server,
} from "node:http";
import type { Socket } from "node:net";
import type { Dispatcher } from "undici";
import { loadUndici } from "../api/transport.js";
import {
  bearerToken,
  identify,
  isProblem,
  checkKey,
  isInitialize,
  type Caller,
  type CredentialMode,
  type OAuthVerifier,
} from "./auth.js";
import { describeRpc, MAX_BODY_BYTES, readJsonBody } from "./body.js";
import { narrowRequest, type UserClient, type Narrower } from "./clients.js";
import { answerMcpPost } from "../mcp/http-transport.js";
import type { ServerOptions } from "../mcp/server.js";

/** Hands out the API client a caller's request uses, or undefined when none can be had now. */
export interface ClientSource {
  lease(caller: Caller): { client: UserClient; release: () => void } | undefined;
}

export interface TeamServerOptions {
  credentials: CredentialMode;
  clients: ClientSource;
  /** Everything about a tool call but the user's client, as the operator set it. */
  serverOptions: Omit<ServerOptions, "api" | "secrets" | "confirmationTokens" | "confirmationKey">;
  /** Those tools and services narrowed for one request by its headers and the caller's grant. */
  narrow: Narrower<Pick<ServerOptions, "tools" | "services">>;
  origin: OriginPolicy;
  readiness: () => Promise<Readiness>;
  log: AccessLog;
  maxBodyBytes?: number;
  /** Shared-key mode only: bearer JWTs from an OAuth issuer are accepted too. */
  oauth?: OAuthVerifier;
  /** Connections one client address may hold open; 0: no cap (behind a load balancer). */
  connectionsPerAddress: number;
  /** The operator's lines about connections refused or cut short. */
  notice: (message: string) => void;
}

export interface TeamServer {
  readonly http: ReturnType<typeof createHttpServer>;
  /** Stops taking requests, waits up to graceMs for those in flight, then cuts the rest. */
  drain(graceMs: number): Promise<void>;
}

/**
 * Slow-loris defence: headers must arrive within 10 s and the whole request
 * within 30 s, checked every second (Node's default check runs every 30 s);
 * a socket silent for 2 minutes is closed (a streamed answer sends a
 * keep-alive comment every 15 s, so it never is). An idle keep-alive
 * connection lives 65 s, past the 60 s idle timeout common to load
 * balancers, so a balancer never reuses one this server is closing; near
 * the connection limit, a few seconds (below).
 */
const TIMEOUTS = {
  connectionsCheckingInterval: 1_000,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
};
const SILENT_SOCKET_MS = 120_000;
const PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";

export function createTeamServer(options: TeamServerOptions): TeamServer {
  let draining = false;
  let inFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, record: AccessRecord) => {
    const path = record.path;
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      if (draining) return sendJson(res, 503, { status: "draining" });
      const readiness = await options.readiness();
      return sendJson(res, readiness.ready ? 200 : 503, {
        status: readiness.ready ? "ready" : "unavailable",
        detail: readiness.detail,
      });
    }
    if (options.oauth && (path === PROTECTED_RESOURCE || path === `${PROTECTED_RESOURCE}/mcp`)) {
      // A browser-based client reads this to find the issuer: same Origin rules as /mcp.
      const origin = req.headers.origin;
      if (origin !== undefined && checkOrigin(req.headers, options.origin) === undefined)
        allowOrigin(res, origin);
      return sendJson(res, 200, options.oauth.metadata());
    }
    if (path !== "/mcp")
      return sendProblem(res, {
        status: 404,
        message: `Not Found: MCP is served at /mcp, not ${clip(path, 60)}`,
      });
    const foreign = checkOrigin(req.headers, options.origin);
    if (foreign) return sendProblem(res, foreign);
    const origin = req.headers.origin;
    if (origin !== undefined) {
      allowOrigin(res, origin);
      if (req.method === "OPTIONS") return answerPreflight(res);
    }
    const wrongMethod = methodProblem(req.method);
    if (wrongMethod) return sendProblem(res, wrongMethod);
    if (draining)
      return sendProblem(res, {
        status: 503,
        message: "Service Unavailable: this replica is shutting down; retry",
        headers: { "retry-after": "1", connection: "close" },
      });
    // In flight from here: a drain waits for a request still sending its body or awaiting OAuth.
    inFlight += 1;
    res.once("close", () => (inFlight -= 1));
    const duplicate = duplicateCredentials(req);
    if (duplicate) return sendProblem(res, duplicate);
    const caller = await callerOf(req);
    if (isProblem(caller)) return sendProblem(res, caller);
    record.caller = caller.label;
    const narrowed = narrowRequest(req, caller.readOnly === true, options.narrow);
    if ("problem" in narrowed) return sendProblem(res, narrowed.problem);
    const body = await readJsonBody(req, options.maxBodyBytes);
    if ("problem" in body) {
      // A client still sending past the bounds is cut off once it has had a moment to read the answer.
      if (!req.complete)
        res.once("finish", () => setTimeout(() => req.socket.destroy(), 1_000).unref());
      return sendProblem(res, body.problem);
    }
    Object.assign(record, describeRpc(body.value));
    const batch = batchProblem(body.value, req.headers["mcp-protocol-version"]);
    if (batch) return sendProblem(res, batch);
    const lease = options.clients.lease(caller);
    if (lease === undefined)
      return sendProblem(res, {
        status: 503,
        message: "Service Unavailable: too many users at once on this replica; retry shortly",
        headers: { "retry-after": "2" },
      });
    res.once("close", () => lease.release());
    const { client } = lease;
    if (
      options.credentials.kind === "per-user" &&
      !client.keyAccepted &&
      isInitialize(body.value)
    ) {
      const verdict = await checkKey(client.api);
      if (typeof verdict === "object") return sendProblem(res, verdict);
      client.keyAccepted = verdict === "accepted";
    }
    await answerMcpPost(req, res, body.value, {
      ...options.serverOptions,
      ...narrowed.options,
      api: client.api,
      secrets: client.secrets,
      confirmationTokens: client.tokens,
      // One tool call per request (batches are refused): its line says how the call ended.
      onToolCall: ({ outcome, upstream }) => Object.assign(record, { outcome, upstream }),
    });
  };

  /** Headers alone decide; a bearer that is no access token may still be the issuer's JWT. */
  const callerOf = async (req: IncomingMessage): Promise<Caller | Problem> => {
    const known = identify(req.headers, options.credentials);
    const { oauth, credentials } = options;
    if (!isProblem(known) || known.status !== 401 || !oauth || credentials.kind !== "shared")
      return known;
    const bearer = bearerToken(req.headers.authorization);
    if (bearer === undefined)
      return oauth.unauthorized("send an access token from the issuer as Authorization: Bearer");
    return oauth.verify(bearer, { apiKey: credentials.apiKey, orgId: credentials.orgId });
  };

  const http = createHttpServer(TIMEOUTS, (req, res) => {
    const started = performance.now();
    const record: AccessRecord = {
      method: req.method ?? "",
      path: (req.url ?? "/").split("?")[0] ?? "/",
      remote: req.socket.remoteAddress,
      status: 0,
      ms: 0,
    };
    res.once("close", () => {
      record.status = res.statusCode;
      record.ms = Math.round(performance.now() - started);
      if (!res.writableFinished) record.aborted = true;
      options.log(record);
    });
    handle(req, res, record).catch(() => {
      sendProblem(res, { status: 500, message: "Internal Server Error" });
      if (!res.writableEnded) res.destroy();
    });
  });
  http.timeout = SILENT_SOCKET_MS;
  limitConnections(http, {
    perAddress: options.connectionsPerAddress,
    keepAliveMs: TIMEOUTS.keepAliveTimeout,
    notice: options.notice,
  });
  // "Expect: 100-continue" asks before sending a body; Node would say yes even to a
  // declared-huge one. Without the go-ahead the client sends nothing, and the
  // usual checks answer (the body reader refuses the declared length unread).
  http.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers["content-length"]);
    if (!(declared > (options.maxBodyBytes ?? MAX_BODY_BYTES))) res.writeContinue();
    http.emit("request", req, res);
  });

  return {
    http,
    async drain(graceMs) {
      draining = true;
      http.close();
      http.closeIdleConnections();
      const until = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 25));
      http.closeAllConnections();
    },
  };
}

/**
 * One JSON line per request on stderr, written when the response ends: who
 * (a hash, never a key), what (method, path, JSON-RPC method and tool, never
 * arguments or bodies), the status and how long it took; for a tool call,
 * how it ended and how many API operations it made.
 */
interface AccessRecord {
  method: string;
  path: string;
  /** The peer's address: the load balancer's, behind one. */
  remote?: string;
  status: number;
  ms: number;
  caller?: string;
  rpc?: string;
  tool?: string;
  /** How a tool call ended (ok, preview, error, cancelled): tools/call only. */
  outcome?: string;
  /** API operations the tool call made. */
  upstream?: number;
  /** The client went away before the answer was complete. */
  aborted?: boolean;
}

export type AccessLog = (record: AccessRecord) => void;

/** The path is the caller's text, up to Node's 16 KB header limit: bounded, so one request is one short line. */
const MAX_PATH_CHARS = 200;

export const stderrAccessLog: AccessLog = (record) => {
  const path =
    record.path.length > MAX_PATH_CHARS ? `${record.path.slice(0, MAX_PATH_CHARS)}…` : record.path;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...record, path })}\n`);
};

/**
 * CORS for browser-based MCP clients, only ever for an Origin the origin
 * guard has already let through (a loopback page, or --allowed-origins).
 * Without it such a client could reach the endpoint but never read an answer.
 * The key travels in a header, not a cookie, so credentials mode stays off.
 */
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
function allowOrigin(res: ServerResponse, origin: string): void {
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-expose-headers", "www-authenticate, retry-after");
  res.setHeader("vary", "Origin");
}

/** The browser's preflight before a POST with these headers. */
function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": REQUEST_HEADERS,
    "access-control-max-age": "600",
  });
  res.end();
}

/**
 * Rules a POST to /mcp must meet, each answering with the refusal to send,
 * or undefined when the request passes.
 */
/** Two keys (or two Authorization headers) in one request: which one is meant is anyone's guess. */
function duplicateCredentials(req: IncomingMessage): Problem | undefined {
  for (const name of ["authorization", "x-api-key", "x-mdb-org"])
    if ((req.headersDistinct[name]?.length ?? 0) > 1)
      return { status: 400, message: `Bad Request: send ${name} once` };
  return undefined;
}

/** MCP 2025-06-18 removed JSON-RPC batching; a client speaking it or later never batches. */
function batchProblem(body: unknown, version: string | string[] | undefined): Problem | undefined {
  if (!Array.isArray(body) || typeof version !== "string" || version < "2025-06-18")
    return undefined;
  return {
    status: 400,
    code: -32600,
    message: `Invalid Request: MCP ${version} has no JSON-RPC batches; send one message per POST`,
  };
}

/** Stateless: no standalone SSE stream (GET) and no session to end (DELETE). */
function methodProblem(method: string | undefined): Problem | undefined {
  if (method === "POST") return undefined;
  return {
    status: 405,
    message: "Method Not Allowed: this stateless MCP endpoint takes POST only",
    headers: { allow: "POST" },
  };
}

/**
 * HTTP-level refusals, in the shape the MCP SDK uses for its own: a JSON-RPC
 * error with no id, so an MCP client shows the message instead of a bare status.
 */
/** A refusal decided before MCP sees the request. */
export interface Problem {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-RPC code: -32700 unparsable, -32600 not a request, -32000 anything else. */
  readonly code?: number;
}

function sendProblem(res: ServerResponse, problem: Problem): void {
  if (res.headersSent) return;
  const body = JSON.stringify({
    jsonrpc: "2.0",
    error: { code: problem.code ?? -32000, message: problem.message },
    id: null,
  });
  res.writeHead(problem.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...problem.headers,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

/**
 * DNS-rebinding protection. A web page can make a browser send requests to a
 * server on the user's own machine under a name the attacker controls; the
 * Host header then names the attacker's domain and Origin the attacker's
 * page. So: on loopback only loopback Host names are served (or the
 * configured ones), and a request that carries an Origin must come from an
 * allowed one. Clients that are not browsers send no Origin and pass.
 */
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface OriginPolicy {
  /** Host header values served; undefined: any. */
  readonly hosts: ReadonlySet<string> | undefined;
  /** Origins served; undefined: loopback origins only. */
  readonly origins: ReadonlySet<string> | undefined;
}

export function originPolicy(options: {
  loopback: boolean;
  allowedHosts: readonly string[] | undefined;
  allowedOrigins: readonly string[] | undefined;
  /** The address listened on: on loopback it is served too (127.0.0.2 is loopback, but not a name above). */
  listenHost?: string;
}): OriginPolicy {
  const lower = (items: readonly string[]) => new Set(items.map((item) => item.toLowerCase()));
  const listen = options.listenHost?.includes(":") ? `[${options.listenHost}]` : options.listenHost;
  const hosts = options.allowedHosts
    ? lower(options.allowedHosts)
    : options.loopback
      ? lower([...LOOPBACK_NAMES, ...(listen === undefined ? [] : [listen])])
      : undefined;
  return { hosts, origins: options.allowedOrigins ? lower(options.allowedOrigins) : undefined };
}

export function checkOrigin(
  headers: IncomingHttpHeaders,
  policy: OriginPolicy,
): Problem | undefined {
  if (policy.hosts) {
    const host = (headers.host ?? "").toLowerCase();
    if (!policy.hosts.has(host) && !policy.hosts.has(withoutPort(host)))
      return {
        status: 403,
        message: `Forbidden: Host "${clip(host, 100)}" is not served here; add it to SKYBACKUP_HTTP_ALLOWED_HOSTS if it is yours`,
      };
  }
  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin.toLowerCase(), policy))
    return {
      status: 403,
      message: `Forbidden: Origin "${clip(origin, 100)}" is not allowed; add it to SKYBACKUP_HTTP_ALLOWED_ORIGINS if it is yours`,
    };
  return undefined;
}

function originAllowed(origin: string, policy: OriginPolicy): boolean {
  if (policy.origins) return policy.origins.has(origin);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed page, a file) and junk
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_NAMES.has(url.hostname)
  );
}

/** "example.com:3000" -> "example.com"; "[::1]:3000" -> "[::1]". */
function withoutPort(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
  return match?.[1] ?? host;
}

/** A header is the caller's text: bounded before it goes into a message or a log. */

/**
 * Team mode's connection limits, applied before a byte of a request is read.
 * Node's maxConnections alone is one pool for everyone: one address holding
 * the 1,000 connections idle (no key needed to open them) locked every other
 * caller out for as long as a keep-alive lasts. So each client address holds
 * at most its own share, and near the limit idle connections are kept only a
 * few seconds, so idle sockets cannot hold the server full.
 */
const MAX_CONNECTIONS = 1_000;
/** Crowded from here (80% of the limit): the rest is headroom no idle connection keeps. */
const CROWDED = Math.floor(MAX_CONNECTIONS * 0.8);
/** Node's own default keep-alive: a client between two quick requests still reuses its connection. */
const CROWDED_KEEP_ALIVE_MS = 5_000;
/** Once crowded, idle connections stay short this long after the last crowded moment. */
const CROWDED_FOR_MS = 60_000;
const NOTICE_EVERY_MS = 60_000;

interface ConnectionLimits {
  /** Connections one client address holds at once (0: no cap); the next one is closed unread. */
  readonly perAddress: number;
  /** The keep-alive of an idle connection when the server is not crowded. */
  readonly keepAliveMs: number;
  /** Lines for the operator, at most one a minute of each kind, so a flood cannot flood the log. */
  readonly notice: (message: string) => void;
}

function limitConnections(http: Server, limits: ConnectionLimits): void {
  http.maxConnections = MAX_CONNECTIONS;
  const held = new Map<string, number>();
  let open = 0;
  let crowdedUntil = 0;
  let refusalNoticed = -Infinity;

  const crowding = (now: number) => {
    if (open >= CROWDED) {
      if (now >= crowdedUntil) {
        // Those idle now would keep their full keep-alive: closed at once instead.
        http.keepAliveTimeout = CROWDED_KEEP_ALIVE_MS;
        http.closeIdleConnections();
        limits.notice(
          `${open} of ${MAX_CONNECTIONS} connections open: idle ones are kept ${CROWDED_KEEP_ALIVE_MS / 1000} s, not ${limits.keepAliveMs / 1000} s, until a minute after the crowd`,
        );
      }
      crowdedUntil = now + CROWDED_FOR_MS;
    } else if (now >= crowdedUntil) http.keepAliveTimeout = limits.keepAliveMs;
  };

  // After node:http's own listener, in the same tick: nothing has been read from the socket yet.
  http.on("connection", (socket: Socket) => {
    const client = clientAddress(socket.remoteAddress ?? "");
    const count = held.get(client) ?? 0;
    const now = Date.now();
    if (limits.perAddress > 0 && count >= limits.perAddress) {
      socket.destroy();
      if (now - refusalNoticed >= NOTICE_EVERY_MS) {
        refusalNoticed = now;
        limits.notice(
          `closed a connection from ${client} unread: that address already holds ${count} (SKYBACKUP_HTTP_CONNECTIONS_PER_ADDRESS); behind a load balancer, set it to 0`,
        );
      }
      return;
    }
    held.set(client, count + 1);
    open += 1;
    socket.once("close", () => {
      open -= 1;
      const left = (held.get(client) ?? 1) - 1;
      if (left > 0) held.set(client, left);
      else held.delete(client);
    });
    crowding(now);
  });
}

/**
 * The client a connection counts against: its IPv4 address (an IPv4-mapped
 * IPv6 one included), or its IPv6 /64, since one host commonly has a whole
 * /64 to pick addresses from.
 */
export function clientAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(":")) return address;
  const [head = "", tail] = (address.split("%")[0] ?? "").split("::");
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
  const front = groupsOf(head);
  // A dotted IPv4 tail fills two groups.
  const back = groupsOf(tail ?? "").flatMap((group) =>
    group.includes(".") ? ["0", "0"] : [group],
  );
  const zeros = tail === undefined ? 0 : 8 - front.length - back.length;
  const groups = [...front, ...Array<string>(Math.max(zeros, 0)).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * /readyz: is the API this server relays to answering? Any HTTP answer
 * counts (the probe has no key, so 401 or 404 is expected); a refused
 * connection or a timeout does not. One probe at a time, remembered
 * briefly, so a load balancer polling every second costs the API little.
 */
const PROBE_TIMEOUT_MS = 3_000;
const REMEMBER_MS = 5_000;

export interface Readiness {
  ready: boolean;
  /** Why not, in a few words: no address, no key (anyone may ask). */
  detail: string;
}

export function readinessProbe(
  apiUrl: string,
  dispatcher: Dispatcher,
  now: () => number = Date.now,
): () => Promise<Readiness> {
  let last: { at: number; result: Readiness } | undefined;
  let running: Promise<Readiness> | undefined;
  const probe = async (): Promise<Readiness> => {
    const { request } = await loadUndici();
    try {
      const response = await request(apiUrl, {
        method: "GET",
        dispatcher,
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body.dump();
      return { ready: true, detail: `API answered HTTP ${response.statusCode}` };
    } catch (error) {
      // Unauthenticated callers read this: the kind of failure, not the address or the message.
      const code = (error as { code?: unknown }).code;
      const reason =
        error instanceof Error && error.name === "TimeoutError"
          ? "timed out"
          : typeof code === "string"
            ? code
            : "failed";
      return { ready: false, detail: `the API did not answer (${reason})` };
    }
  };
  return async () => {
    if (last !== undefined && now() - last.at < REMEMBER_MS) return last.result;
    running ??= probe().then((result) => {
      last = { at: now(), result };
      running = undefined;
      return result;
    });
    return running;
  };
}
