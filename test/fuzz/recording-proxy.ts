/**
 * A recording HTTP proxy between the server and the emulator. The emulator
 * records method, path and query; this also keeps the raw request line,
 * headers and body, so the fuzz can check exactly what went on the wire.
 * It forwards req.url byte for byte (node:http, no URL normalisation).
 */
import { Agent, createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface WireRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  url: string;
  requests: WireRequest[];
  /** Where requests go; set once the emulator is up. */
  target: { host: string; port: number } | undefined;
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const agent = new Agent({ keepAlive: true });
  const recorder: Recorder = {
    url: "",
    requests: [],
    target: undefined,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      recorder.requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: body.toString("utf8"),
      });
      const target = recorder.target;
      if (!target) {
        res.writeHead(503).end();
        return;
      }
      const upstream = request(
        { ...target, agent, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  recorder.url = `http://127.0.0.1:${port}`;
  return recorder;
}
