/**
 * One keep-alive connection pool for the process, bounded so that many tool
 * calls in flight cannot open unbounded sockets. HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY are honoured through undici's EnvHttpProxyAgent.
 */
import type { Dispatcher } from "undici";

const MAX_CONNECTIONS = 16;

type Env = Readonly<Record<string, string | undefined>>;

type Undici = typeof import("undici");

let undici: Promise<Undici> | undefined;

/** undici, loaded once on first use, with the pool factory bound to it. */
export async function loadUndici(): Promise<{
  request: Undici["request"];
  createDispatcher: (timeoutMs: number, connections?: number) => Dispatcher;
}> {
  undici ??= import("undici").then(
    // Bundled, a CommonJS package arrives as { default: exports }; unbundled, Node lifts its names.
    (module: Undici | { default: Undici }) => ("request" in module ? module : module.default),
  );
  const loaded = await undici;
  return {
    request: loaded.request,
    createDispatcher: (timeoutMs, connections) => createDispatcher(loaded, timeoutMs, connections),
  };
}

function createDispatcher(
  lib: Pick<Undici, "Agent" | "EnvHttpProxyAgent">,
  timeoutMs: number,
  connections = MAX_CONNECTIONS,
  env: Env = process.env,
): Dispatcher {
  const options = {
    connections,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!httpProxy && !httpsProxy) return new lib.Agent(options);
  return new lib.EnvHttpProxyAgent({
    ...options,
    httpProxy,
    httpsProxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
}
