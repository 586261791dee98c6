/**
 * Team mode: a request narrows the operator's settings for itself, with
 * X-MCP-Read-Only, X-MCP-Tools and X-MCP-Services or /mcp's query, and can
 * never widen them. Each operator setting meets each header here, against
 * the built server and an emulator that counts the requests it gets.
 * (OAuth scopes meet the same rules in http-oauth.test.ts.)
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolSchemas } from "../../src/mcp/server.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { SCENARIOS, startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import {
  MCP_HEADERS,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";

const KEY = "narrowing-team-key";
const READ_TOOLS = [
  "list_services",
  "list_backups",
  "list_service_backups",
  "list_backup_schedules",
  "get_backup_schedule",
  "audit_backups",
  "plan_restore",
  "list_restores",
  "get_restore",
];
const WRITE_TOOLS = [
  "create_backup_schedule",
  "update_backup_schedule",
  "delete_backup_schedule",
  "suspend_service_schedules",
  "create_restore",
  "cancel_restore",
];
const OTHER_SERVICE = SCENARIOS.failing;

let emulator: RunningEmulator;
let scheduleId: number;

interface Answer {
  status: number;
  text: string;
  result?: {
    tools?: { name: string; inputSchema?: unknown }[];
    instructions?: string;
    isError?: boolean;
    content?: { text: string }[];
    structuredContent?: Record<string, unknown>;
  };
}

async function rpc(
  url: string,
  method: string,
  params: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const text = await response.clone().text();
  const [message] = await rpcMessages(response);
  return { status: response.status, text, result: message?.result as Answer["result"] };
}

async function toolNames(url: string, headers: Record<string, string> = {}): Promise<string[]> {
  const answer = await rpc(url, "tools/list", {}, headers);
  expect(answer.status, answer.text).toBe(200);
  return (answer.result?.tools ?? []).map((tool) => tool.name);
}

const callTool = (url: string, name: string, args: object, headers: Record<string, string> = {}) =>
  rpc(url, "tools/call", { name, arguments: args }, headers);

async function instructions(url: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await rpc(
    url,
    "initialize",
    {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "narrowing-test", version: "1" },
    },
    headers,
  );
  expect(answer.status, answer.text).toBe(200);
  return answer.result?.instructions ?? "";
}

/** The one way the server says a tool is not there for this caller: as for a name it never had. */
async function expectUnknownTool(url: string, name: string, headers: Record<string, string>) {
  const before = emulator.requests.length;
  const answer = await callTool(url, name, writeArgs(name), headers);
  expect(answer.status).toBe(200);
  expect(answer.result?.isError).toBe(true);
  expect(answer.result?.content?.[0]?.text).toContain(`Tool ${name} not found`);
  expect(emulator.requests.length).toBe(before);
}

const writeArgs = (name: string): object =>
  name === "delete_backup_schedule" ? { id: scheduleId } : {};

const start = (args: string[]) =>
  startHttpServer(args, { SKYSQL_API_URL: emulator.url, SKYSQL_API_KEY: KEY });

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: KEY });
  scheduleId =
    [...emulator.state.schedules.values()].find(
      (schedule) => schedule.service_id === SCENARIOS.healthy,
    )?.id ?? 0;
  expect(scheduleId).toBeGreaterThan(0);
});

afterAll(async () => {
  await emulator?.close();
});

describe("operator allows everything", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await start([]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("without narrowing lists every tool, and a write answers (a preview)", async () => {
    expect((await toolNames(server.url)).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    const preview = await callTool(server.url, "delete_backup_schedule", { id: scheduleId });
    expect(preview.result?.isError).toBeFalsy();
    expect(JSON.stringify(preview.result?.structuredContent)).toContain("confirmation_token");
  });

  it.each([
    ["X-MCP-Read-Only: true", "", { "x-mcp-read-only": "true" }],
    ["?read_only=true", "?read_only=true", {}],
    ["?read_only=1", "?read_only=1", {}],
  ])(
    "%s lists the read tools only, refuses a write as unknown, and says read-only",
    async (_, query, headers) => {
      const url = server.url + query;
      expect((await toolNames(url, headers)).sort()).toEqual([...READ_TOOLS].sort());
      await expectUnknownTool(url, "delete_backup_schedule", headers);
      await expectUnknownTool(url, "create_restore", headers);
      const text = await instructions(url, headers);
      expect(text).toContain("This server is read-only");
      expect(text).not.toContain("delete_backup_schedule");
    },
  );

  it("lists the schemas of a server that reads no files for its callers: no credentials_file, as the sources convert them", async () => {
    const answer = await rpc(server.url, "tools/list", {});
    expect(answer.status, answer.text).toBe(200);
    const converted = toolSchemas(ALL_TOOLS);
    const tools = answer.result?.tools ?? [];
    expect(tools.length).toBeGreaterThan(10);
    for (const tool of tools) {
      const source = converted[tool.name];
      expect(tool.inputSchema, tool.name).toEqual(source?.inputWithoutServerFiles ?? source?.input);
    }
    expect(JSON.stringify(tools)).not.toContain("credentials_file");
  });

  it("X-MCP-Read-Only: false changes nothing", async () => {
    const names = await toolNames(server.url, { "x-mcp-read-only": "false" });
    expect(names).toContain("delete_backup_schedule");
  });

  it("X-MCP-Tools lists exactly the tools named, and hides the rest from calls and instructions", async () => {
    const headers = { "x-mcp-tools": "list_backups, delete_backup_schedule" };
    expect(await toolNames(server.url, headers)).toEqual([
      "list_backups",
      "delete_backup_schedule",
    ]);
    await expectUnknownTool(server.url, "list_services", headers);
    await expectUnknownTool(server.url, "create_restore", headers);
    const text = await instructions(server.url, headers);
    expect(text).toContain("list_backups");
    expect(text).not.toContain("list_services");
    const viaQuery = `${server.url}?tools=list_backups,delete_backup_schedule`;
    expect(await toolNames(viaQuery)).toEqual(["list_backups", "delete_backup_schedule"]);
  });

  it("X-MCP-Tools with X-MCP-Read-Only keeps only the named read tools", async () => {
    const headers = {
      "x-mcp-tools": "list_backups,delete_backup_schedule",
      "x-mcp-read-only": "true",
    };
    expect(await toolNames(server.url, headers)).toEqual(["list_backups"]);
    await expectUnknownTool(server.url, "delete_backup_schedule", headers);
  });

  it("X-MCP-Services limits every call to those services, and says so", async () => {
    const headers = { "x-mcp-services": SCENARIOS.healthy };
    const mine = await callTool(
      server.url,
      "list_backup_schedules",
      { service_id: SCENARIOS.healthy },
      headers,
    );
    expect(mine.result?.isError).toBeFalsy();
    const before = emulator.requests.length;
    const other = await callTool(
      server.url,
      "list_backup_schedules",
      { service_id: OTHER_SERVICE },
      headers,
    );
    expect(other.result?.isError).toBe(true);
    expect(other.result?.content?.[0]?.text).toContain("outside this server's scope");
    expect(emulator.requests.length).toBe(before);
    const viaQuery = await callTool(
      `${server.url}?services=${SCENARIOS.healthy}`,
      "list_backup_schedules",
      { service_id: OTHER_SERVICE },
    );
    expect(viaQuery.result?.isError).toBe(true);
    expect(await instructions(server.url, headers)).toContain(
      `Only these services are accessible: ${SCENARIOS.healthy}.`,
    );
  });

  it.each([
    [{ "x-mcp-read-only": "maybe" }, "", "X-MCP-Read-Only must be true or false"],
    [{}, "?read_only=yes-please", "?read_only= must be true or false"],
    [
      { "x-mcp-tools": "list_backups,list_backupz" },
      "",
      'X-MCP-Tools: unknown tool(s) "list_backupz"; this server offers: list_services',
    ],
    [{}, "?tools=drop_everything", '?tools=: unknown tool(s) "drop_everything"'],
    [{ "x-mcp-tools": " , " }, "", "X-MCP-Tools names no tool"],
    [{ "x-mcp-services": "db;rm" }, "", 'X-MCP-Services: "db;rm" is not a service id'],
    [
      { "x-mcp-readonly": "true" },
      "",
      "unknown header x-mcp-readonly; this server reads X-MCP-Read-Only",
    ],
    [{}, "?readonly=true", 'unknown query parameter "readonly" on /mcp'],
    [
      { "x-mcp-tools": "list_backups" },
      "?tools=list_backups",
      "send X-MCP-Tools or ?tools=, not both",
    ],
    [{}, "?read_only=true&read_only=false", "send ?read_only= once"],
  ])(
    "refuses %j%s with 400 naming it and what is accepted, and calls nothing",
    async (headers, query, says) => {
      const before = emulator.requests.length;
      const answer = await callTool(server.url + query, "list_services", {}, headers);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({
        error: { message: expect.stringContaining(says) },
      });
      expect(emulator.requests.length).toBe(before);
    },
  );

  it("refuses a header sent twice", async () => {
    // fetch would fold the two into one line; node:http sends each as given.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        server.url,
        {
          method: "POST",
          headers: { ...MCP_HEADERS, "x-mcp-tools": ["list_backups", "delete_backup_schedule"] },
          agent: false,
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }));
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("send X-MCP-Tools once");
  });
});

describe("operator --read-only", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await start(["--read-only"]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ["X-MCP-Read-Only: false", "", { "x-mcp-read-only": "false" }],
    ["?read_only=false", "?read_only=false", {}],
  ])("%s cannot turn writes on", async (_, query, headers) => {
    const url = server.url + query;
    expect((await toolNames(url, headers)).sort()).toEqual([...READ_TOOLS].sort());
    await expectUnknownTool(url, "delete_backup_schedule", headers);
    expect(await instructions(url, headers)).toContain("This server is read-only");
  });

  it("X-MCP-Tools naming only a write tool is refused with 403 naming the tools it may use, calling nothing", async () => {
    const headers = { "x-mcp-tools": "delete_backup_schedule" };
    const listed = await rpc(server.url, "tools/list", {}, headers);
    expect(listed.status).toBe(403);
    expect(listed.text).toContain(
      "X-MCP-Tools: none of delete_backup_schedule is offered to this request; it may use: list_services, list_backups",
    );
    const before = emulator.requests.length;
    const called = await callTool(
      server.url,
      "delete_backup_schedule",
      { id: scheduleId },
      headers,
    );
    expect(called.status).toBe(403);
    expect(emulator.requests.length).toBe(before);
    const mixed = {
      "x-mcp-tools": "list_backups,delete_backup_schedule",
      "x-mcp-read-only": "false",
    };
    expect(await toolNames(server.url, mixed)).toEqual(["list_backups"]);
    await expectUnknownTool(server.url, "delete_backup_schedule", mixed);
  });
});

describe("operator --services", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await start(["--services", SCENARIOS.healthy]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("X-MCP-Services naming only another service is refused with 403, calling nothing", async () => {
    const before = emulator.requests.length;
    const answer = await callTool(
      server.url,
      "list_backup_schedules",
      { service_id: OTHER_SERVICE },
      { "x-mcp-services": OTHER_SERVICE },
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(
      `X-MCP-Services: none of ${OTHER_SERVICE} is among the services this server is limited to (${SCENARIOS.healthy})`,
    );
    expect(emulator.requests.length).toBe(before);
  });

  it("X-MCP-Services naming both keeps the operator's one: the other stays refused", async () => {
    const headers = { "x-mcp-services": `${OTHER_SERVICE},${SCENARIOS.healthy}` };
    const other = await callTool(
      server.url,
      "list_backup_schedules",
      { service_id: OTHER_SERVICE },
      headers,
    );
    expect(other.result?.isError).toBe(true);
    expect(other.result?.content?.[0]?.text).toContain(`limited to ${SCENARIOS.healthy}`);
    const mine = await callTool(
      server.url,
      "list_backup_schedules",
      { service_id: SCENARIOS.healthy },
      headers,
    );
    expect(mine.result?.isError).toBeFalsy();
    expect(await instructions(server.url, headers)).toContain(
      `Only these services are accessible: ${SCENARIOS.healthy}.`,
    );
  });
});

describe("operator --tools", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await start(["--tools", "list_services,list_backups"]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("X-MCP-Tools naming a tool the operator left out does not bring it in", async () => {
    const alone = await rpc(server.url, "tools/list", {}, { "x-mcp-tools": "create_restore" });
    expect(alone.status).toBe(403);
    expect(alone.text).toContain(
      "X-MCP-Tools: none of create_restore is offered to this request; it may use: list_services, list_backups",
    );
    const both = { "x-mcp-tools": "list_backups,create_restore" };
    expect(await toolNames(server.url, both)).toEqual(["list_backups"]);
    await expectUnknownTool(server.url, "create_restore", both);
  });

  it("an unknown name is refused with the tools this server offers", async () => {
    const answer = await rpc(server.url, "tools/list", {}, { "x-mcp-tools": "list_backupz" });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("this server offers: list_services, list_backups");
  });
});
