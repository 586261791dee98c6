import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, TEST_KEY, type Harness } from "./helpers/harness.js";
import { spawnServer } from "./helpers/spawn.js";

/** Sends everything at once, as a client does, before the server could have loaded. */
async function burst(args: string[], env: Record<string, string>, protocolVersion: string) {
  const server = spawnServer(args, env);
  const replies = Promise.all([
    server.request("initialize", {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: "burst", version: "1" },
    }),
    server.request("tools/list"),
    server.request("tools/call", { name: "list_backups", arguments: { page_size: 2 } }),
  ]);
  server.notify("notifications/initialized");
  const [init, list, call] = await replies;
  await new Promise((resolve) => setTimeout(resolve, 200));
  server.child.stdin.end();
  await server.exited;
  return { init, list, call, lines: server.stdoutLines };
}

describe("fast start: initialize and tools/list answered while the server loads", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("answers each request exactly once, with what the real server says", async () => {
    const env = { SKYSQL_API_KEY: TEST_KEY, SKYSQL_API_URL: h.emulator.url };
    const { init, list, call, lines } = await burst([], env, "2025-06-18");
    const ids = lines
      .map((line) => (JSON.parse(line) as { id?: number }).id)
      .filter((id) => id !== undefined);
    expect(ids.sort()).toEqual([1, 2, 3]);

    const live = await h.client.listTools();
    expect((list as { result: unknown }).result).toEqual(JSON.parse(JSON.stringify(live)));
    const result = (init as { result: Record<string, unknown> }).result;
    expect(result.protocolVersion).toBe("2025-06-18");
    expect(result.instructions).toBe(h.client.getInstructions());
    expect(result.capabilities).toEqual(h.client.getServerCapabilities());
    expect(
      (call as { result: { structuredContent: { backups: unknown[] } } }).result.structuredContent
        .backups,
    ).toHaveLength(2);
  });

  it("negotiates the protocol version as the SDK does", async () => {
    const env = { SKYSQL_API_KEY: TEST_KEY, SKYSQL_API_URL: h.emulator.url };
    const old = await burst([], env, "2024-11-05");
    expect((old.init as { result: { protocolVersion: string } }).result.protocolVersion).toBe(
      "2024-11-05",
    );
    const unknown = await burst([], env, "1999-01-01");
    expect((unknown.init as { result: { protocolVersion: string } }).result.protocolVersion).toBe(
      LATEST_PROTOCOL_VERSION,
    );
  });

  it("answers everything read before stdin closed during loading, and survives odd lines", async () => {
    const server = spawnServer([], { SKYSQL_API_KEY: TEST_KEY, SKYSQL_API_URL: h.emulator.url });
    const init = {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "eof", version: "1" },
    };
    const call = { name: "list_backups", arguments: { page_size: 1, status: "Succeeded" } };
    const lines = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: init },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      null,
      [1, 2],
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", id: 3, method: "prompts/list" },
      { jsonrpc: "2.0", id: 4, method: "tools/call", params: call },
      { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "séance", arguments: {} } },
    ];
    const text = lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
    // A multi-byte character split across two writes must arrive whole.
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from("é")) + 1;
    server.child.stdin.write(bytes.subarray(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.stdin.end(bytes.subarray(cut));
    expect(await server.exited).toBe(0);
    const replies = server.stdoutLines.map(
      (line) =>
        JSON.parse(line) as {
          id?: number;
          result?: { structuredContent?: { backups: unknown[] } };
        },
    );
    expect(replies.map((r) => r.id).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify(replies.find((r) => r.id === 5))).toContain("Tool séance not found");
    expect(replies.find((r) => r.id === 4)?.result?.structuredContent?.backups).toHaveLength(1);
  });

  it("is not used when the configuration changes the answers", async () => {
    const env = { SKYSQL_API_KEY: TEST_KEY, SKYSQL_API_URL: h.emulator.url };
    const { list, init, lines } = await burst(
      ["--read-only", "--services", "dbtgf28216706"],
      env,
      "2025-06-18",
    );
    const names = (list as { result: { tools: Array<{ name: string }> } }).result.tools.map(
      (t) => t.name,
    );
    expect(names).not.toContain("delete_backup_schedule");
    expect((init as { result: { instructions: string } }).result.instructions).toContain(
      "Only these services are accessible: dbtgf28216706",
    );
    expect(lines.filter((line) => (JSON.parse(line) as { id?: number }).id === 1)).toHaveLength(1);
  });
});
