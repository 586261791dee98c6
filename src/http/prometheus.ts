/**
 * Prometheus metrics for team mode (--metrics-port), on a port of their own
 * so /mcp's access control and the scrape never meet, as mongodb-mcp-server
 * does it. prom-client holds the series; util/metrics.ts is what the rest of
 * the server reports to. Every label value comes from a fixed vocabulary
 * (tool names, outcomes, methods, statuses, refusal causes): nothing a caller
 * or the API wrote, so no key, id or name reaches a scrape.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { reportMetricsTo, type MetricsSink } from "../util/metrics.js";

/** A status Prometheus can group: the code, or "none" when no response came. */
const statusLabel = (status: number): string =>
  Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : "none";
/** The API client sends only these; anything else is counted as "other". */
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);
const methodLabel = (method: string): string => (METHODS.has(method) ? method : "other");

function createMetrics(): { registry: Registry; sink: MetricsSink } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "skybackup_" });
  const calls = new Counter({
    name: "skybackup_tool_calls_total",
    help: "Tool calls by tool and outcome (ok, preview, error, cancelled)",
    labelNames: ["tool", "outcome"] as const,
    registers: [registry],
  });
  const callSeconds = new Histogram({
    name: "skybackup_tool_call_duration_seconds",
    help: "Tool call duration by tool and outcome",
    labelNames: ["tool", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: "skybackup_tool_calls_in_flight",
    help: "Tool calls running now",
    registers: [registry],
  });
  const apiRequests = new Counter({
    name: "skybackup_api_requests_total",
    help: "Attempts at SkySQL API requests by method and HTTP status (none: no response)",
    labelNames: ["method", "status"] as const,
    registers: [registry],
  });
  const apiSeconds = new Histogram({
    name: "skybackup_api_request_duration_seconds",
    help: "SkySQL API request attempt duration by method and status",
    labelNames: ["method", "status"] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const retries = new Counter({
    name: "skybackup_api_retries_total",
    help: "SkySQL API requests tried again (network errors, timeouts, 429, 502, 503, 504 on reads)",
    labelNames: ["method"] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "skybackup_confirmation_refusals_total",
    help: "Changes not made for want of a valid confirmation, by reason",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const clients = new Gauge({
    name: "skybackup_api_clients_held",
    help: "Per-key API clients team mode holds (one per API key and organization in use)",
    registers: [registry],
  });
  const sink: MetricsSink = {
    toolCallStarted: () => inFlight.inc(),
    toolCallEnded: (tool, outcome, seconds) => {
      inFlight.dec();
      calls.inc({ tool, outcome });
      callSeconds.observe({ tool, outcome }, seconds);
    },
    apiAttempt: (method, status, seconds) => {
      const labels = { method: methodLabel(method), status: statusLabel(status) };
      apiRequests.inc(labels);
      apiSeconds.observe(labels, seconds);
    },
    apiRetry: (method) => retries.inc({ method: methodLabel(method) }),
    confirmationRefused: (reason) => refusals.inc({ reason }),
    apiClientsHeld: (count) => clients.set(count),
  };
  return { registry, sink };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves GET /metrics on its own address; from then on the server reports there. */
export async function startMetricsServer(host: string, port: number): Promise<MetricsServer> {
  const { registry, sink } = createMetrics();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  reportMetricsTo(sink);
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: async () => {
      reportMetricsTo(undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
