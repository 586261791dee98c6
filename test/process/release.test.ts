/**
 * npm run release, up to the publish step: in a copy of the project (so its
 * build and packing never touch the dist/ the other process tests run), a dry
 * run builds, packs the npm tarball and the MCP Bundle, and publishes
 * nothing; --publish outside a CI job with an OIDC identity stops before any
 * work. The tests themselves are skipped in the copy (--skip-tests): this is
 * the test run.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../helpers/spawn.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COPIED = ["package.json", "package-lock.json", "README.md", "LICENSE", "mcp.json.example"];
const COPIED_DIRS = ["src", "scripts", "bundle"];

const release = (cwd: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runProcess(process.execPath, [join(cwd, "scripts", "release.mjs"), ...args], {
    cwd,
    env: { HOME: process.env.HOME, ...env },
  });

describe("npm run release", () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "skybackup-release-"));
    for (const file of COPIED) cpSync(join(ROOT, file), join(copy, file));
    for (const dir of COPIED_DIRS) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("--publish outside CI with an OIDC identity stops before building anything", async () => {
    const { code, stderr } = await release(copy, ["--skip-tests", "--publish"], { CI: "true" });
    expect(code).toBe(1);
    expect(stderr).toContain("--publish runs only in a CI job with an OIDC identity");
    expect(existsSync(join(copy, "dist"))).toBe(false);
    expect(existsSync(join(copy, "dist-release"))).toBe(false);
  });

  it("a dry run builds and packs the tarball and the bundle, and publishes nothing", async () => {
    const { code, stdout, stderr } = await release(copy, ["--skip-tests"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("dry run: nothing published.");
    const version = (await import(join(ROOT, "package.json"), { with: { type: "json" } })) as {
      default: { version: string };
    };
    expect(readdirSync(join(copy, "dist-release")).sort()).toEqual([
      `skybackup-mcp-${version.default.version}.mcpb`,
      `skybackup-mcp-${version.default.version}.tgz`,
    ]);
  }, 120_000);

  it("refuses an option it does not know, before any work", async () => {
    const { code, stderr } = await release(copy, ["--skip-test"]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option(s) --skip-test");
  });
});
