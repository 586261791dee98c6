/**
 * The package as a user gets it: `npm pack` of the built dist/, installed into
 * an empty project from the npm cache, run through its bin and through npx,
 * and driven by a real MCP client in demo mode. Then the bundle alone, with no
 * node_modules anywhere, to prove it needs no runtime dependency.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};
// The user's docs the README links to ship with it; the contributors' do not.
const ALLOWED = [
  /^dist\//,
  /^README\.md$/,
  /^docs\/(team-mode|tools)\.md$/,
  /^mcp\.json\.example$/,
  /^LICENSE$/,
  /^package\.json$/,
];

interface PackResult {
  filename: string;
  files: Array<{ path: string; mode: number }>;
}

describe("the npm package", () => {
  let temp: string;
  let tarball: string;
  let packed: PackResult;
  let project: string;
  let bin: string;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist", "index.js")))
      throw new Error("dist/index.js is missing: run `npm run build` (npm test does)");
    temp = mkdtempSync(join(tmpdir(), "skybackup-pack-"));
    // --ignore-scripts: prepack would rebuild dist/ under the feet of tests running in parallel.
    const { stdout } = await run(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", temp],
      { cwd: ROOT },
    );
    packed = (JSON.parse(stdout) as PackResult[])[0] as PackResult;
    tarball = join(temp, packed.filename);

    project = join(temp, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true }\n');
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball],
      { cwd: project },
    );
    bin = join(project, "node_modules", ".bin", "skybackup-mcp");
  }, 60_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it("ships only the allow-list, with an executable bin that has a shebang", () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((path) => !ALLOWED.some((re) => re.test(path)))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining(["dist/index.js", "README.md", "docs/team-mode.md", "package.json"]),
    );
    const entry = packed.files.find((f) => f.path === "dist/index.js");
    expect((entry?.mode ?? 0) & 0o111).not.toBe(0);
    const installed = join(project, "node_modules", PKG.name, "dist", "index.js");
    expect(readFileSync(installed, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("prints its version through the installed bin and through npx", async () => {
    const direct = await run(bin, ["--version"]);
    expect(direct.stdout.trim()).toBe(PKG.version);
    // `--` so that npx passes --version on instead of answering it itself.
    const npx = await run("npx", ["--offline", "--no", "--", PKG.name, "--version"], {
      cwd: project,
    });
    expect(npx.stdout.trim()).toBe(PKG.version);
  }, 30_000);

  it("serves a demo tool call to an MCP client through the installed bin", async () => {
    const result = await demoCall(bin);
    expect(result.backups.length).toBeGreaterThan(0);
    expect(result.backups_count).toBeGreaterThanOrEqual(1000);
    expect(result.text).toMatch(/^Backups: showing \d+ of \d+ \(1-/);
  }, 30_000);

  it("runs from the bare tarball with no node_modules at all: the bundle needs no dependency", async () => {
    const bare = join(temp, "bare");
    mkdirSync(bare);
    await run("tar", ["-xzf", tarball, "-C", bare]);
    const entry = join(bare, "package", "dist", "index.js");
    expect(existsSync(join(bare, "package", "node_modules"))).toBe(false);
    const result = await demoCall(entry);
    expect(result.backups.length).toBeGreaterThan(0);
  }, 30_000);
});

/** initialize + list_backups against `command --demo`, as an assistant would. */
async function demoCall(
  command: string,
): Promise<{ backups: unknown[]; backups_count: number; text: string }> {
  const client = new Client({ name: "package-test", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command,
    args: ["--demo"],
    env: { PATH: process.env.PATH ?? "" },
    stderr: "pipe",
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: "list_backups", arguments: { page_size: 5 } });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { backups: unknown[]; backups_count: number };
    const content = result.content as Array<{ type: string; text?: string }>;
    return { ...structured, text: content.find((c) => c.type === "text")?.text ?? "" };
  } finally {
    await client.close();
  }
}
