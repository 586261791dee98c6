/**
 * The API as it feels from a client: a proxy in front of the emulator that
 * adds a fixed delay to every request (the round trip to a remote API) and
 * sends each response no faster than a bandwidth cap. The cap is per
 * response, as one TCP connection at that round trip carries about its
 * window per round trip (1 MB / 80 ms is about 12 MB/s), so requests in
 * parallel each get it. Without this the emulator answers on loopback in
 * about a millisecond, and concurrency would be judged against a CPU-bound
 * local server instead of against latency.
 */
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface LatencyOptions {
  /** Added to every request before it is forwarded. */
  readonly latencyMs: number;
  /** Bytes per second each response is sent at, at most. */
  readonly bytesPerSecond: number;
}

export const REALISTIC_API: LatencyOptions = { latencyMs: 80, bytesPerSecond: 10 * 1024 * 1024 };

export interface LatencyProxy {
  readonly url: string;
  readonly options: LatencyOptions;
  /** Every response forwarded, in the order the requests arrived: path, body bytes, and when (performance.now()) it came and was sent. */
  readonly log: readonly {
    readonly path: string;
    readonly bytes: number;
    readonly startMs: number;
    readonly endMs: number;
  }[];
  close(): Promise<void>;
}

/** Pacing granularity: one slice of the body per timer. */
const SLICE_BYTES = 64 * 1024;

export async function startLatencyProxy(
  upstream: string,
  options: LatencyOptions = REALISTIC_API,
): Promise<LatencyProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const log: { path: string; bytes: number; startMs: number; endMs: number }[] = [];
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`latency proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const entry = { path: req.url ?? "", bytes: 0, startMs: performance.now(), endMs: 0 };
    log.push(entry);
    await sleep(options.latencyMs);
    const upstreamReply = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          agent,
        },
        resolve,
      );
      out.once("error", reject);
      out.end(body);
    });
    const payload = await readAll(upstreamReply);
    entry.bytes = payload.length;
    res.writeHead(upstreamReply.statusCode ?? 502, upstreamReply.headers);
    await paced(res, payload, options.bytesPerSecond);
    entry.endMs = performance.now();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    options,
    log,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes body in slices, each no sooner than the cap allows since the first. */
async function paced(res: ServerResponse, body: Buffer, bytesPerSecond: number): Promise<void> {
  const started = performance.now();
  for (let sent = 0; sent < body.length; sent += SLICE_BYTES) {
    const due = started + (sent / bytesPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    res.write(body.subarray(sent, sent + SLICE_BYTES));
  }
  const done = started + (body.length / bytesPerSecond) * 1000 - performance.now();
  if (done > 1) await sleep(done);
  res.end();
}
