/**
 * Prometheus metrics (--metrics-port): the built server in team mode, real
 * MCP calls over HTTP, then a scrape of /metrics on its own port. The
 * counters must match the calls made, and no key, id or name may be in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../helpers/emulator.js";
import { DEMO_API_KEY } from "../../src/config/config.js";
import { connectClient, startHttpServer, type HttpServer } from "../helpers/http-server.js";

const metricsUrl = async (server: HttpServer): Promise<string> => {
  for (let i = 0; i < 100; i += 1) {
    const match = /metrics at (http:\/\/\S+\/metrics)/.exec(server.stderr());
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no metrics line:\n${server.stderr()}`);
};

/** The value of one series, e.g. skybackup_tool_calls_total{tool="x",outcome="ok"}. */
const value = (scrape: string, series: string): number | undefined => {
  const line = scrape.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("team mode metrics (--http --demo --metrics-port 0)", () => {
  let server: HttpServer;
  let url: string;
  beforeAll(async () => {
    server = await startHttpServer(["--demo", "--metrics-port", "0"]);
    url = await metricsUrl(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  it("counts tool calls by outcome, API requests by status, refusals by reason; no key, id or name in a label", async () => {
    const client = await connectClient(server.url);
    const ok = await client.callTool({ name: "list_services", arguments: {} });
    expect(ok.isError).toBeFalsy();
    const { structuredContent } = await client.callTool({
      name: "list_backup_schedules",
      arguments: { service_id: SCENARIOS.healthy },
    });
    const id = (structuredContent as { schedules: { id: number }[] }).schedules[0]?.id;
    const preview = await client.callTool({ name: "delete_backup_schedule", arguments: { id } });
    expect(JSON.stringify(preview.structuredContent)).toContain("confirmation_token");
    const refused = await client.callTool({
      name: "delete_backup_schedule",
      arguments: { id, confirmation_token: "not-a-token" },
    });
    expect(refused.isError).toBe(true);
    const missing = await client.callTool({
      name: "get_backup_schedule",
      arguments: { id: 987654 },
    });
    expect(missing.isError).toBe(true);
    await client.close();

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const scrape = await response.text();
    const calls = (tool: string, outcome: string) =>
      value(scrape, `skybackup_tool_calls_total{tool="${tool}",outcome="${outcome}"}`);
    expect(calls("list_services", "ok")).toBe(1);
    expect(calls("list_backup_schedules", "ok")).toBe(1);
    expect(calls("delete_backup_schedule", "preview")).toBe(1);
    expect(calls("delete_backup_schedule", "error")).toBe(1);
    expect(calls("get_backup_schedule", "error")).toBe(1);
    expect(
      value(
        scrape,
        'skybackup_tool_call_duration_seconds_count{tool="list_services",outcome="ok"}',
      ),
    ).toBe(1);
    expect(value(scrape, "skybackup_tool_calls_in_flight")).toBe(0);
    expect(value(scrape, 'skybackup_confirmation_refusals_total{reason="malformed"}')).toBe(1);
    expect(
      value(scrape, 'skybackup_api_requests_total{method="GET",status="200"}'),
    ).toBeGreaterThan(0);
    expect(value(scrape, 'skybackup_api_requests_total{method="GET",status="404"}')).toBe(1);
    expect(value(scrape, "skybackup_api_clients_held")).toBe(0);

    // Labels hold fixed words only: no key, service id, name or schedule id.
    for (const secretOrId of [DEMO_API_KEY, SCENARIOS.healthy, "orders-prod", `"${id}"`]) {
      expect(scrape).not.toContain(secretOrId);
    }
    const ours = scrape
      .split("\n")
      .filter((l) => /^skybackup_(tool|api|confirmation)_/.test(l))
      .join("\n");
    const labelValues = [...ours.matchAll(/="([^"]*)"/g)].map((m) => m[1]);
    expect(labelValues.length).toBeGreaterThan(20);
    for (const label of labelValues)
      expect(label).toMatch(/^[a-z_]+$|^[A-Z]+$|^\d+$|^[\d.]+$|^\+Inf$/);
  });

  it("answers only GET /metrics on its port, and /mcp stays where it was", async () => {
    expect((await fetch(url.replace("/metrics", "/mcp"))).status).toBe(404);
    expect((await fetch(url, { method: "POST" })).status).toBe(404);
    expect(url).not.toBe(server.url.replace("/mcp", "/metrics"));
  });
});
