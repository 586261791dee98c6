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
    expect(
      (unknown.init as { result: { protocolVersion: string } }).result.protocolVersion,
    ).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(
      (unknown.init as { result: { protocolVersion: string } }).result.protocolVersion,
    ).not.toBe("1999-01-01");
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
