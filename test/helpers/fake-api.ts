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
  const account = fakeAccount({
    backups: [{ id: "b1", service_id: serviceId, status: "Succeeded" }],
  });
  return (req, res) => (req.method === "GET" ? account : handler)(req, res);
}

/** What a fake account holds; records are sent as they are, odd shapes included. */
export interface FakeAccountData {
  backups?: readonly unknown[];
  schedules?: readonly unknown[];
  /**
   * Answer a `service_id` query with that service's records only, as the API
   * documents. Off, every list holds the whole account, as an API that
   * ignores the filter would.
   */
  honourServiceFilter?: boolean;
}

/**
 * A read-only account: GET .../schedules lists `schedules`, any other request
 * lists `backups`, each on one page.
 */
export function fakeAccount(data: FakeAccountData): FakeHandler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const service = data.honourServiceFilter ? url.searchParams.get("service_id") : null;
    const mine = (records: readonly unknown[] = []) =>
      service === null
        ? records
        : records.filter((r) => (r as { service_id?: unknown }).service_id === service);
    if (url.pathname.endsWith("/schedules")) {
      const schedules = mine(data.schedules);
      return json(res, 200, { schedules, schedules_count: schedules.length, pages_count: 1 });
    }
    const backups = mine(data.backups);
    json(res, 200, { backups, backups_count: backups.length, pages_count: 1 });
  };
}
