/**
 * The dumbest load balancer there is: each request goes to the next replica
 * in turn, whatever came before it, with no stickiness of any kind. If team
 * mode works behind this, it works behind any balancer. The body streams
 * both ways (an SSE answer reaches the client as the replica writes it), and
 * every request is logged with the replica that got it, so a test can prove
 * where a call went. The benchmark's HTTP section uses it too.
 */
import { Agent, createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** Below Node's default server keepAliveTimeout (5 s), which the replicas keep. */
const UPSTREAM_IDLE_MS = 4_000;

interface Routed {
  /** Index into the replica list. */
  readonly replica: number;
  readonly method: string;
}

export interface RoundRobinProxy {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Every request so far, in the order it was routed. */
  readonly routed: readonly Routed[];
  close(): Promise<void>;
}

/** replicas: origins such as http://127.0.0.1:4001. */
export async function startRoundRobinProxy(replicas: readonly string[]): Promise<RoundRobinProxy> {
  if (replicas.length === 0) throw new Error("a proxy needs at least one replica");
  const targets = replicas.map((origin) => new URL(origin));
  // Keep-alive to the replicas, as a real balancer keeps its upstream connections.
  // Idle ones are dropped before the replica's own 5 s keep-alive timeout would
  // close them, or a request sent as the replica closes one is reset (nginx
  // and cloud balancers ask for the same: upstream idle timeout < the server's).
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: UPSTREAM_IDLE_MS });
  const routed: Routed[] = [];
  let next = 0;

  const server = createServer((req, res) => {
    const replica = next;
    next = (next + 1) % targets.length;
    routed.push({ replica, method: req.method ?? "" });
    const target = targets[replica]!;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // The client's Host passes through unchanged, as most balancers send it.
        headers: req.headers,
        agent,
      },
      (reply: IncomingMessage) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.once("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`round-robin proxy: replica ${replica} failed: ${error.message}`);
    });
    // The client hung up: so does the proxy, so the replica sees the abort too.
    res.once("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
