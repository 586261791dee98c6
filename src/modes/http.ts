/**
 * Team mode: serve MCP over Streamable HTTP until SIGTERM. Stateless, so
 * replicas need nothing shared but their configuration. Without a shared
 * SKYSQL_API_KEY every request brings its user's own key.
 */
import { loadUndici } from "../api/transport.js";
import {
  ConfigError,
  isLoopback,
  sharedKeyGuarded,
  type HttpConfig,
  type ServerConfig,
} from "../config/config.js";
import { OAuthVerifier, WRITE_SCOPE, type CredentialMode } from "../http/auth.js";
import { ApiClients, shown, type Narrower } from "../http/clients.js";
import type { MetricsServer } from "../http/prometheus.js";
import {
  stderrAccessLog,
  originPolicy,
  readinessProbe,
  createTeamServer,
  type ClientSource,
} from "../http/team-server.js";
import type { ServerOptions } from "../mcp/server.js";
import { apiClient, openBackend, log, sharedServerOptions, type Backend } from "./serve.js";
import { ConfirmationTokens, confirmationKey } from "../safety/confirm.js";
import { folderAccess, type CredentialFileAccess } from "../safety/credential-files.js";
import { narrowServices } from "../safety/scope.js";
import { ALL_TOOLS } from "../tools/all-tools.js";
import { toolNarrower } from "../tools/define.js";

/** Connections to the API shared by every user of this replica. */
const API_CONNECTIONS = 64;
const MAX_USER_CLIENTS = 1_000;
const USER_CLIENT_IDLE_MS = 15 * 60_000;

export async function serveHttp(config: ServerConfig, http: HttpConfig): Promise<void> {
  // Decided before anything starts: an unknown tool name is a configuration error.
  const options = sharedServerOptions(config);
  const { createDispatcher } = await loadUndici();
  const dispatcher = createDispatcher(config.timeoutMs, API_CONNECTIONS);
  const shared = config.apiKey !== "";
  const backend = shared ? await openBackend(config, dispatcher) : undefined;
  const apiUrl = backend?.apiUrl ?? config.apiUrl;
  const userClients = shared
    ? undefined
    : new ApiClients({
        makeApi: (apiKey, orgId) =>
          apiClient(config, { apiKey, orgId, dispatcher, keySource: "client" }),
        maxClients: MAX_USER_CLIENTS,
        idleMs: USER_CLIENT_IDLE_MS,
      });
  const shutdown = new AbortController();
  const credentialFiles = await credentialFileAccess(http.credentialsDir);
  const server = createTeamServer({
    credentials: credentialMode(config, http),
    clients: userClients ?? sharedClient(config, backend),
    narrow: requestNarrower(options),
    serverOptions: { ...options, shutdownSignal: shutdown.signal, credentialFiles },
    origin: originPolicy({
      loopback: isLoopback(http.host),
      listenHost: http.host,
      allowedHosts: http.allowedHosts,
      allowedOrigins: http.allowedOrigins,
    }),
    readiness: readinessProbe(apiUrl, dispatcher),
    log: stderrAccessLog,
    connectionsPerAddress: http.connectionsPerAddress,
    notice: log,
    oauth:
      http.oauthIssuer !== undefined && http.oauthAudience !== undefined
        ? new OAuthVerifier({
            issuer: http.oauthIssuer,
            audience: http.oauthAudience,
            jwksUrl: http.oauthJwksUrl,
            scope: http.oauthScope,
            staticTokens: http.accessTokens.length > 0,
            log,
          })
        : undefined,
  });

  await new Promise<void>((resolve, reject) => {
    server.http.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`port ${http.port} on ${http.host} is in use; pick another with --port`)
          : error,
      ),
    );
    server.http.listen(http.port, http.host, () => resolve());
  });
  const address = server.http.address();
  const port = typeof address === "object" && address !== null ? address.port : http.port;
  const urlHost = http.host.includes(":") ? `[${http.host}]` : http.host;
  const guards = [
    http.accessTokens.length > 0 ? `${http.accessTokens.length} access token(s)` : undefined,
    http.oauthIssuer !== undefined
      ? `OAuth JWTs from ${http.oauthIssuer}, writes only with the scope ${WRITE_SCOPE}`
      : undefined,
  ].filter((guard) => guard !== undefined);
  const who = shared
    ? `shared key, ${guards.length > 0 ? guards.join(" or ") : "no access token (loopback only)"}`
    : "each user's own key";
  if (config.demo) log(`demo mode: ${backend?.target ?? apiUrl} with generated data`);
  if (!isLoopback(http.host) && http.allowedHosts === undefined)
    log("any Host header is served on this address; set --allowed-hosts to the names clients use");
  log(
    `listening on http://${urlHost}:${port}/mcp (${who}; ${options.tools?.length ?? 0} tools${config.readOnly ? ", read-only" : ""})`,
  );
  const metricsServer =
    http.metricsPort === undefined ? undefined : await serveMetrics(http.host, http.metricsPort);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: the operator means now
    stopping = true;
    log(`${signal}: draining (up to ${config.deadlineMs} ms for calls in flight)`);
    void (async () => {
      await server.drain(config.deadlineMs);
      shutdown.abort(new Error(`server shutting down (${signal})`));
      await userClients?.close();
      await backend?.close();
      await dispatcher.close().catch(() => undefined);
      await metricsServer?.close();
      log("stopped");
      process.exit(0);
    })();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

async function serveMetrics(host: string, port: number): Promise<MetricsServer> {
  // Loaded only when asked for: prom-client stays out of every other start.
  const { startMetricsServer } = await import("../http/prometheus.js");
  const metrics = await startMetricsServer(host, port).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "EADDRINUSE"
      ? new ConfigError(`port ${port} on ${host} is in use; pick another with --metrics-port`)
      : error;
  });
  log(`metrics at ${metrics.url}`);
  return metrics;
}

/**
 * Callers over HTTP are strangers: no file of this host is read for them,
 * unless the operator names one folder for their key files. Its real path is
 * fixed here, so a link swapped in later cannot move it.
 */
async function credentialFileAccess(dir: string | undefined): Promise<CredentialFileAccess> {
  if (dir === undefined) return { kind: "none" };
  try {
    return await folderAccess(dir);
  } catch (error) {
    throw new ConfigError(`--credentials-dir: ${(error as Error).message}`);
  }
}

function credentialMode(config: ServerConfig, http: HttpConfig): CredentialMode {
  if (config.apiKey === "") return { kind: "per-user", defaultOrgId: config.orgId };
  return {
    kind: "shared",
    apiKey: config.apiKey,
    orgId: config.orgId,
    accessTokens: http.accessTokens,
    open: !sharedKeyGuarded(http),
  };
}

/** With a shared key every caller uses the one client, and one token book. */
function sharedClient(config: ServerConfig, backend: Backend | undefined): ClientSource {
  if (backend === undefined) throw new Error("a shared key needs its backend");
  const client = {
    api: backend.api,
    tokens: new ConfirmationTokens(confirmationKey(config.apiKey, config.orgId)),
    secrets: [config.apiKey],
  };
  return { lease: () => ({ client, release: () => undefined }) };
}

/**
 * Team mode: what one request may use, from what the operator allows and
 * what the request (or the caller's OAuth grant) narrows it to. Every rule
 * here is an intersection, so a request can take away but never add.
 */
type NarrowedOptions = Pick<ServerOptions, "tools" | "services">;

function requestNarrower(operator: NarrowedOptions): Narrower<NarrowedOptions> {
  const narrowTools = toolNarrower(ALL_TOOLS, operator.tools ?? ALL_TOOLS);
  const offered = (operator.tools ?? ALL_TOOLS).map((tool) => tool.name).join(", ") || "none";
  return (narrowing) => {
    const tools = narrowTools(narrowing);
    if ("unknown" in tools)
      return {
        refused: "tools",
        status: 400,
        reason: `unknown tool(s) ${tools.unknown.map(shown).join(", ")}; this server offers: ${offered}`,
      };
    if ("noneOf" in tools)
      return tools.noneOf.length > 0
        ? {
            refused: "tools",
            status: 403,
            reason: `none of ${tools.noneOf.join(", ")} is offered to this request; it may use: ${tools.usable.join(", ") || "no tool"}`,
          }
        : {
            status: 403,
            reason: `this server offers only write tools (${offered}), and this request may only read`,
          };
    const scope = narrowServices(operator.services, narrowing.services);
    if ("outside" in scope)
      return {
        refused: "services",
        status: 403,
        reason: `none of ${scope.outside.join(", ")} is among the services this server is limited to (${operator.services?.join(", ")})`,
      };
    return { tools, services: scope.services };
  };
}
