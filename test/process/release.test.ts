/**
 * npm run release, up to the publish step: in a copy of the project (so its
 * build and packing never touch the dist/ the other process tests run), a dry
 * run builds, packs the npm tarball and the MCP Bundle, and publishes
 * nothing; --publish outside a CI job with an OIDC identity stops before any
 * work. The tests themselves are skipped in the copy (--skip-tests): this is
 * the test run.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryErrors } from "../helpers/registry-schema.js";
import { runProcess } from "../helpers/spawn.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COPIED = [
  "package.json",
  "package-lock.json",
  "README.md",
  "LICENSE",
  "mcp.json.example",
  "server.json",
  ".prettierrc.json",
];
// test/helpers holds the generators whose --check the release runs on server.json.
const COPIED_DIRS = ["src", "scripts", "bundle", "test/helpers"];

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

  it("a dry run builds and packs the tarball, the bundle and the registry entry, and publishes nothing", async () => {
    const { code, stdout, stderr } = await release(copy, ["--skip-tests"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("dry run: nothing published.");
    const version = (await import(join(ROOT, "package.json"), { with: { type: "json" } })) as {
      default: { version: string };
    };
    const bundle = `skybackup-mcp-${version.default.version}.mcpb`;
    expect(readdirSync(join(copy, "dist-release")).sort()).toEqual([
      "server.json",
      bundle,
      `skybackup-mcp-${version.default.version}.tgz`,
    ]);
    // The release's registry entry: the npm package and this very bundle, valid for the registry.
    const entry = JSON.parse(readFileSync(join(copy, "dist-release", "server.json"), "utf8")) as {
      packages: { registryType: string; identifier: string; fileSha256?: string }[];
    };
    expect(registryErrors(entry)).toBe("");
    const sha = createHash("sha256")
      .update(readFileSync(join(copy, "dist-release", bundle)))
      .digest("hex");
    expect(entry.packages.map((p) => p.registryType)).toEqual(["npm", "mcpb"]);
    expect(entry.packages[1]).toMatchObject({ fileSha256: sha });
    expect(entry.packages[1]?.identifier).toMatch(
      new RegExp(`^https://github\\.com/[^/]+/[^/]+/releases/download/v[^/]+/${bundle}$`),
    );
  }, 120_000);

  it("--publish from a GitHub owner other than the one mcpName claims stops before building anything", async () => {
    const { code, stderr } = await release(copy, ["--skip-tests", "--publish"], {
      CI: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/token",
      GITHUB_REPOSITORY_OWNER: "someone-else",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("io.github.skybackup-mcp/skybackup-mcp");
    expect(stderr).toContain("this job runs for someone-else");
    expect(stderr).not.toContain("release: npm run bundle");
  });

  it("--publish from the right owner still stops before any work when the GitHub release or mcp-publisher is missing", async () => {
    const { code, stderr } = await release(copy, ["--skip-tests", "--publish"], {
      CI: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/token",
      GITHUB_REPOSITORY_OWNER: "skybackup-mcp",
      PATH: "/nonexistent",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--publish needs a GitHub release v\S+ \(gh, with GH_TOKEN\)/);
    expect(stderr).not.toContain("release: npm run bundle");
  });

  it("refuses an option it does not know, before any work", async () => {
    const { code, stderr } = await release(copy, ["--skip-test"]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option(s) --skip-test");
  });
});
