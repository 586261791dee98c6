import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { toolSchemas } from "../../src/mcp/server.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { testWithEmulator } from "../helpers/fixtures.js";
import { initialize, spawnServer } from "../helpers/spawn.js";

const KEY = "stdio-test-key-5e4d3c2b1a";

const it = testWithEmulator({ apiKey: KEY });

describe("the built server over stdio", () => {
  it("initializes, lists tools, answers a call, writes only JSON-RPC to stdout, exits on stdin EOF", async ({
    emulator,
  }) => {
    const server = spawnServer([], { SKYSQL_API_KEY: KEY, SKYSQL_API_URL: emulator.url });
    const init = await initialize(server);
    expect(init.result).toMatchObject({
      serverInfo: { name: "skybackup-mcp" },
      capabilities: { tools: {} },
    });
    // The build carries package.json's homepage and version, the ones server.json names.
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as {
      homepage: string;
      version: string;
    };
    expect(init.result).toMatchObject({
      serverInfo: { websiteUrl: pkg.homepage, version: pkg.version },
    });

    const list = (await server.request("tools/list")) as {
      result: { tools: Array<{ name: string; inputSchema: unknown; outputSchema: unknown }> };
    };
    expect(list.result.tools.map((t) => t.name)).toEqual(ALL_TOOLS.map((t) => t.name));
    // The build writes the schemas in ahead; they are what the sources convert, to the byte.
    const converted = toolSchemas(ALL_TOOLS);
    for (const tool of list.result.tools)
      expect({ input: tool.inputSchema, output: tool.outputSchema }, tool.name).toEqual({
        input: converted[tool.name]?.input,
        output: converted[tool.name]?.output,
      });

    const call = (await server.request("tools/call", {
      name: "list_backups",
      arguments: { page_size: 3 },
    })) as {
      result: {
        structuredContent: { backups: unknown[]; backups_count: number };
        content: Array<{ text: string }>;
      };
    };
    expect(call.result.structuredContent.backups).toHaveLength(3);
    expect(call.result.structuredContent.backups_count).toBe(emulator.state.backups.length);
    expect(call.result.content[0]?.text).toMatch(/^Backups: showing 3 of \d+ \(1-3, page 1\//);

    server.child.stdin.end();
    expect(await server.exited).toBe(0);
    expect(server.stdoutLines.length).toBeGreaterThanOrEqual(3);
    for (const line of server.stdoutLines)
      expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(server.stderr()).toContain("ready");
    expect(server.stderr()).not.toContain(KEY);
  });

  it("--demo serves every tool from its own emulator and says so in its instructions", async () => {
    const server = spawnServer(["--demo"], {});
    const init = (await initialize(server)) as { result: { instructions: string } };
    expect(init.result.instructions).toContain("DEMO MODE");
    const call = (await server.request("tools/call", { name: "list_backups", arguments: {} })) as {
      result: { structuredContent: { backups_count: number } };
    };
    expect(call.result.structuredContent.backups_count).toBeGreaterThanOrEqual(1000);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it.each([
    [[], {}, "SKYSQL_API_KEY is not set"],
    [["--timeout-ms", "abc"], { SKYSQL_API_KEY: "k" }, "--timeout-ms must be a whole number"],
    [[], { SKYSQL_API_KEY: "k", SKYSQL_API_URL: "ftp://x" }, "must be http(s)"],
    [["--bogus"], { SKYSQL_API_KEY: "k" }, "--bogus"],
  ])("bad configuration %j %j exits at once with one clear line", async (args, env, message) => {
    const server = spawnServer(args, env);
    expect(await server.exited).toBe(64);
    const lines = server.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(server.stdoutLines).toEqual([]);
  });
});
