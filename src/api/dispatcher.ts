/**
 * One keep-alive connection pool for the process, bounded so that many tool
 * calls in flight cannot open unbounded sockets. HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY are honoured through undici's EnvHttpProxyAgent.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";

export const MAX_CONNECTIONS = 16;

type Env = Readonly<Record<string, string | undefined>>;

export function createDispatcher(timeoutMs: number, env: Env = process.env): Dispatcher {
  const options = {
    connections: MAX_CONNECTIONS,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!httpProxy && !httpsProxy) return new Agent(options);
  return new EnvHttpProxyAgent({
    ...options,
    httpProxy,
    httpsProxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
}
