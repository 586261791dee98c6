/**
 * Keeps the test projects honest: a unit test that starts an MCP server, or an
 * mcp test that spawns dist/, would make `npm run test:unit` slow or make
 * `npm run test:mcp` depend on a stale build without anyone noticing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const TEST_ROOT = fileURLToPath(new URL("..", import.meta.url));

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(TEST_ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(folder, file));
}

/** The imports of a file that match `pattern`, as "file: specifier" lines. */
function importsMatching(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(join(TEST_ROOT, file), "utf8");
    const specifiers = [...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1] ?? "");
    return specifiers.filter((s) => pattern.test(s)).map((s) => `${file}: ${s}`);
  });
}

const MCP_SERVER = /@modelcontextprotocol\/|helpers\/harness\.js$|\/src\/mcp\//;
/** helpers/http-server.js spawns dist/ too: team mode's tests start it with `--http`. */
const SPAWNS_DIST = /helpers\/(?:spawn|http-server)\.js$|node:child_process$/;

describe("each test lives in the project that matches what it starts", () => {
  it("unit tests start no MCP server and spawn nothing", () => {
    const files = sourcesUnder("unit");
    expect(files.length).toBeGreaterThan(10);
    expect(importsMatching(files, MCP_SERVER)).toEqual([]);
    expect(importsMatching(files, SPAWNS_DIST)).toEqual([]);
  });

  it("mcp and fuzz tests spawn nothing from dist/", () => {
    const files = [...sourcesUnder("mcp"), ...sourcesUnder("fuzz")];
    expect(files.length).toBeGreaterThan(10);
    expect(importsMatching(files, SPAWNS_DIST)).toEqual([]);
  });

  it("every process test spawns the built server", () => {
    const tests = sourcesUnder("process").filter((file) => file.endsWith(".test.ts"));
    expect(tests.length).toBeGreaterThan(3);
    const spawning = new Set(importsMatching(tests, SPAWNS_DIST).map((line) => line.split(":")[0]));
    expect(tests.filter((file) => !spawning.has(file))).toEqual([]);
  });

  it("every test file sits in a project folder, so none is silently left out of npm test", () => {
    const projects = ["unit/", "mcp/", "process/", "fuzz/"];
    const tests = sourcesUnder(".").filter((file) => file.endsWith(".test.ts"));
    expect(tests.length).toBeGreaterThan(50);
    expect(tests.filter((file) => !projects.some((p) => file.startsWith(p)))).toEqual([]);
  });

  it("the patterns above catch what they are meant to", () => {
    const probe = ["unit/test-kinds.test.ts"];
    expect(importsMatching(probe, /^node:fs$/)).toEqual(["unit/test-kinds.test.ts: node:fs"]);
    expect(MCP_SERVER.test("../../helpers/harness.js")).toBe(true);
    expect(MCP_SERVER.test("@modelcontextprotocol/sdk/types.js")).toBe(true);
    expect(SPAWNS_DIST.test("../helpers/spawn.js")).toBe(true);
    expect(SPAWNS_DIST.test("../helpers/http-server.js")).toBe(true);
    expect(SPAWNS_DIST.test("../helpers/raw-http.js")).toBe(false);
  });
});
