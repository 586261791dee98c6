/**
 * The MCP Bundle as a user installs it: `npm run bundle`'s .mcpb, unpacked by
 * the mcpb tool, started as Claude Desktop starts it (the manifest's command
 * and args, its env with each ${user_config.*} filled in, an unset option as
 * an empty string), with no node_modules anywhere. It must answer
 * initialize, tools/list and a call against an API.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { TEST_KEY } from "../helpers/harness.js";
import { spawnServer, type Spawned } from "../helpers/spawn.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

interface Manifest {
  version: string;
  icon?: string;
  server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  tools: { name: string; description: string }[];
  user_config: Record<string, { sensitive?: boolean; required?: boolean }>;
}

/** What Claude Desktop does with the manifest: fill in ${__dirname} and ${user_config.*}. */
function fill(text: string, dir: string, values: Record<string, string>): string {
  return text
    .replaceAll("${__dirname}", dir)
    .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => values[key] ?? "");
}

describe("the MCP Bundle", () => {
  let temp: string;
  let dir: string;
  let manifest: Manifest;
  let emulator: RunningEmulator;
  let server: Spawned | undefined;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, "scripts", "pack-bundle.mjs")], {
      cwd: ROOT,
    });
    const file = stdout.trim();
    expect(file).toMatch(new RegExp(`skybackup-mcp-${PKG.version}\\.mcpb$`));
    temp = mkdtempSync(join(tmpdir(), "skybackup-mcpb-"));
    dir = join(temp, "installed");
    await run(join(ROOT, "node_modules", ".bin", "mcpb"), ["unpack", file, dir]);
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
    emulator = await startEmulator({ apiKey: TEST_KEY });
  }, 120_000);

  afterAll(async () => {
    server?.child.kill();
    await emulator?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it("carries the single-file build and nothing from node_modules", () => {
    expect(readdirSync(join(dir, "server")).sort()).toEqual([
      "THIRD-PARTY-NOTICES.md",
      "index.js",
      "server.cjs",
    ]);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
  });

  it("carries its icon: a 512x512 RGBA PNG where the manifest says", () => {
    expect(manifest.icon).toBe("icon.png");
    const png = readFileSync(join(dir, manifest.icon ?? ""));
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.toString("ascii", 12, 16)).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([
      512, 512, 8, 6,
    ]);
  });

  it("declares the package's version, every tool and a keychain-kept API key", () => {
    expect(manifest.version).toBe(PKG.version);
    expect(manifest.tools).toEqual(
      ALL_TOOLS.map((tool) => ({ name: tool.name, description: tool.title })),
    );
    expect(manifest.user_config.api_key).toMatchObject({ sensitive: true, required: true });
  });

  it("starts as Claude Desktop starts it and answers initialize, tools/list and a call", async () => {
    const { command, args, env } = manifest.server.mcp_config;
    expect(command).toBe("node");
    // Only the key is set: every other option arrives as an empty string.
    const filled = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [name, fill(value, dir, { api_key: TEST_KEY })]),
    );
    expect(filled.SKYSQL_READ_ONLY).toBe("");
    const entry = args.map((arg) => fill(arg, dir, {}));
    expect(entry).toEqual([join(dir, "server", "index.js")]);
    server = spawnServer([], { ...filled, SKYSQL_API_URL: emulator.url }, entry[0]);
    const init = await server.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "claude-desktop-like", version: "1" },
    });
    expect(init).toMatchObject({ result: { serverInfo: { name: "skybackup-mcp" } } });
    server.notify("notifications/initialized");
    const list = (await server.request("tools/list")) as { result: { tools: { name: string }[] } };
    expect(list.result.tools.map((t) => t.name)).toEqual(manifest.tools.map((t) => t.name));
    const call = (await server.request("tools/call", { name: "list_services", arguments: {} })) as {
      result: { isError?: boolean; content: { text: string }[] };
    };
    expect(call.result.isError).toBeFalsy();
    expect(call.result.content[0]?.text).toContain('"orders-prod"');
    expect(server.stdoutLines.every((line) => line.startsWith("{"))).toBe(true);
  }, 60_000);
});
