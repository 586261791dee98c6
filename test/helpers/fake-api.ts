/**
 * A tiny real HTTP server that answers with canned bodies, for the responses
 * the emulator never sends: odd shapes, HTML error pages, extra fields.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startFakeApi(
  handler: FakeHandler,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * Answers the reads a write makes first (is the service known? its existing
 * schedules) as if `serviceId` had one backup and no schedules, and hands
 * every other request to `handler`.
 */
export function withKnownService(serviceId: string, handler: FakeHandler): FakeHandler {
  return (req, res) => {
    if (req.method !== "GET") return handler(req, res);
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (path.endsWith("/schedules")) return json(res, 200, { schedules: [], schedules_count: 0 });
    const backup = { id: "b1", service_id: serviceId, status: "Succeeded" };
    json(res, 200, { backups: [backup], backups_count: 1, pages_count: 1 });
  };
}
