/**
 * One keep-alive connection pool for the process, bounded so that many tool
 * calls in flight cannot open unbounded sockets. HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY are honoured through undici's EnvHttpProxyAgent.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";

export const MAX_CONNECTIONS = 16;

export function createDispatcher(
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Dispatcher {
  const options = {
    connections: MAX_CONNECTIONS,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const proxied = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some(
    (name) => env[name],
  );
  return proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
}
