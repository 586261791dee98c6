/**
 * Team mode's HTTP server: /mcp (Streamable HTTP, stateless), /healthz and
 * /readyz. Each request is checked in order, cheapest refusal first:
 * Host/Origin, method, credentials, the caller's narrowing (headers, query,
 * OAuth grant), body; only then does MCP see it.
 * Nothing about a request outlives it except its user's API client.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { answerMcpPost } from "../mcp/http-transport.js";
import type { ServerOptions } from "../mcp/server.js";
import type { AccessLog, AccessRecord } from "./access-log.js";
import { describeRpc, MAX_BODY_BYTES, readJsonBody } from "./body.js";
import {
  bearerToken,
  identify,
  isProblem,
  type Caller,
  type CredentialMode,
} from "./credentials.js";
import type { OAuthVerifier } from "./oauth.js";
import { allowOrigin, answerPreflight } from "./cors.js";
import { limitConnections } from "./connection-limits.js";
import { checkKey, isInitialize } from "./key-check.js";
import { batchProblem, duplicateCredentials, methodProblem } from "./request-rules.js";
import { narrowRequest, type Narrower } from "./narrowing.js";
import { checkOrigin, type OriginPolicy } from "./origin-guard.js";
import { sendJson, sendProblem, type Problem } from "./problem.js";
import type { Readiness } from "./readiness.js";
import type { UserClient } from "./api-clients.js";

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
 * the connection limit, a few seconds (connection-limits.ts).
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
        message: `Not Found: MCP is served at /mcp, not ${clipPath(path)}`,
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

const clipPath = (path: string): string => (path.length > 60 ? `${path.slice(0, 60)}…` : path);
