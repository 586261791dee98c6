/**
 * Team mode end to end: the built server over Streamable HTTP, spoken to by
 * the SDK's client and by raw fetch where the wire itself is the point
 * (progress events streamed before the result, no session id).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../helpers/emulator.js";
import {
  MCP_HEADERS,
  connectClient,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";

const call = (url: string, name: string, args: object, meta?: object) =>
  fetch(url, {
    method: "POST",
    headers: MCP_HEADERS,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name, arguments: args, ...(meta && { _meta: meta }) },
    }),
  });

describe("team mode (--http --demo)", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(["--demo"]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it("serves the tools to an MCP client, without a session", async () => {
    const client = await connectClient(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("audit_backups");
    const result = await client.callTool({ name: "list_services", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("orders-prod");
    await client.close();

    const response = await call(server.url, "list_services", {});
    expect(response.headers.get("mcp-session-id")).toBeNull();
  });

  it("streams a call's progress notifications before its result, in the same response", async () => {
    const response = await call(server.url, "audit_backups", {}, { progressToken: "p1" });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const messages = await rpcMessages(response);
    const progress = messages.filter((m) => m.method === "notifications/progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(
      progress.every((m) => (m.params as { progressToken?: string }).progressToken === "p1"),
    ).toBe(true);
    const last = messages.at(-1) as { id?: number; result?: { isError?: boolean } };
    expect(last.id).toBe(7);
    expect(last.result?.isError).toBeFalsy();
  });

  it("confirms through a token, never elicitation, even when the client offers elicitation", async () => {
    const schedules = await rpcMessages(
      await call(server.url, "list_backup_schedules", { service_id: SCENARIOS.healthy }),
    );
    const id = (schedules[0] as { result: { structuredContent: { schedules: { id: number }[] } } })
      .result.structuredContent.schedules[0]?.id;
    expect(id).toBeTypeOf("number");
    let asked = 0;
    const client = new Client(
      { name: "eliciting", version: "1" },
      { capabilities: { elicitation: {} } },
    );
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked += 1;
      return { action: "accept", content: { confirm: true } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const preview = await client.callTool({ name: "delete_backup_schedule", arguments: { id } });
    expect(asked).toBe(0);
    expect(JSON.stringify(preview.structuredContent)).toContain("confirmation_token");
    await client.close();
  });

  it("logs one line per tool call: the tool, how it ended, its time and API operations, never its arguments", async () => {
    await rpcMessages(await call(server.url, "list_restores", { service_id: SCENARIOS.healthy }));
    await rpcMessages(await call(server.url, "get_restore", { id: 999_999_999 }));
    const schedules = await rpcMessages(
      await call(server.url, "list_backup_schedules", { service_id: SCENARIOS.healthy }),
    );
    const id = (schedules[0] as { result: { structuredContent: { schedules: { id: number }[] } } })
      .result.structuredContent.schedules[0]?.id;
    await rpcMessages(await call(server.url, "delete_backup_schedule", { id }));
    const lines = server
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{") && l.includes('"rpc":"tools/call"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const of = (tool: string) => lines.filter((l) => l.tool === tool).at(-1);
    expect(of("list_restores")).toMatchObject({ outcome: "ok", status: 200 });
    expect(of("list_restores")?.upstream).toBeGreaterThanOrEqual(1);
    expect(of("get_restore")).toMatchObject({ outcome: "error", upstream: 1 });
    expect(of("delete_backup_schedule")).toMatchObject({ outcome: "preview" });
    expect(typeof of("delete_backup_schedule")?.ms).toBe("number");
    // Arguments never reach the log: not the schedule id, not the service id.
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(SCENARIOS.healthy);
    for (const line of lines) expect(Object.keys(line)).not.toContain("arguments");
  });

  it("refuses initialize batched with a call, so a server answering a call never knows the client could be asked", async () => {
    // Elicitation needs the client's capabilities, which only initialize carries; over
    // stateless HTTP a call's server never sees it, so it can only preview (the answer
    // to a question would come back in a POST another replica may get).
    const response = await fetch(server.url, {
      method: "POST",
      headers: MCP_HEADERS,
      body: JSON.stringify([
        {
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-03-26",
            capabilities: { elicitation: {} },
            clientInfo: { name: "batcher", version: "1" },
          },
        },
        {
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "list_services", arguments: {} },
        },
      ]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Only one initialization request is allowed");
  });

  it("drains on SIGTERM and exits 0", async () => {
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain("SIGTERM: draining");
    expect(server.stderr()).toContain("stopped");
  });
});

describe("team mode keeps the stdio safety settings", () => {
  it("--read-only lists no write tool and --services refuses another service", async () => {
    const server = await startHttpServer([
      "--demo",
      "--read-only",
      "--services",
      SCENARIOS.healthy,
    ]);
    try {
      const client = await connectClient(server.url);
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("list_backups");
      expect(names).not.toContain("delete_backup_schedule");
      expect(names).not.toContain("create_restore");
      const refused = await client.callTool({
        name: "list_service_backups",
        arguments: { service_id: SCENARIOS.failing },
      });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain(SCENARIOS.failing);
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it("--confirm never runs a delete at once", async () => {
    const server = await startHttpServer(["--demo", "--confirm", "never"]);
    try {
      const client = await connectClient(server.url);
      const list = await client.callTool({
        name: "list_backup_schedules",
        arguments: { service_id: SCENARIOS.healthy },
      });
      const id = (list.structuredContent as { schedules: { id: number }[] }).schedules[0]?.id;
      const deleted = await client.callTool({
        name: "delete_backup_schedule",
        arguments: { id },
      });
      expect(deleted.isError).toBeFalsy();
      expect(JSON.stringify(deleted.structuredContent)).not.toContain("confirmation_token");
      const after = await client.callTool({
        name: "list_backup_schedules",
        arguments: { service_id: SCENARIOS.healthy },
      });
      const ids = (after.structuredContent as { schedules: { id: number }[] }).schedules.map(
        (s) => s.id,
      );
      expect(ids).not.toContain(id);
      await client.close();
    } finally {
      await server.stop();
    }
  });
});
