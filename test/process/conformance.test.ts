/**
 * The official MCP conformance suite against a freshly started `--http --demo`.
 * scripts/conformance.mjs installs the suite and its Node 22 (apart from the
 * project's Node 20), starts the built server on a free port and runs every
 * scenario; each one that applies is asserted here by name, so a failure says
 * which. conformance/scenarios.json says why the others cannot apply.
 *
 * The stable release is the main suite. A pre-release (conformance/alpha/,
 * 0.2.0-alpha) runs after it in the same run, for the transport scenarios only
 * the alphas have; its cases are named "alpha (pre-release): ...".
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../helpers/http-server.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Row {
  applies: boolean;
  reason?: string;
  expectWarning?: string;
  expectSkip?: string;
}
interface Result {
  suite: string;
  name: string;
  applies: boolean;
  ok: boolean;
  outcome?: "pass" | "fail" | "warning" | "skipped";
  passed?: number;
  failures?: string[];
  warnings?: string[];
  notes?: string[];
}
interface Report {
  code: number | null;
  stderr: string;
  suites: { id: string; version: string; prerelease: boolean; wire: string | null }[];
  results: Result[];
  failed: string[];
}

const readTable = (...path: string[]) =>
  JSON.parse(readFileSync(join(ROOT, "conformance", ...path), "utf8")) as {
    wire?: string;
    scenarios: Record<string, Row>;
  };
const pinOf = (...path: string[]) =>
  (
    JSON.parse(readFileSync(join(ROOT, "conformance", ...path), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies["@modelcontextprotocol/conformance"];
const table = readTable("scenarios.json").scenarios;
const applicable = Object.keys(table).filter((name) => table[name]?.applies);
const alpha = readTable("alpha", "scenarios.json");
const alphaApplicable = Object.keys(alpha.scenarios).filter(
  (name) => alpha.scenarios[name]?.applies,
);

/** Runs the runner as `npm run conformance` would (after the build), asking for JSON. */
function runConformance(args: string[] = []): Promise<Report> {
  return new Promise((resolve, reject) => {
    const runner = join(ROOT, "scripts", "conformance.mjs");
    const child = spawn(process.execPath, [runner, "--json", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        const parsed = JSON.parse(stdout) as Omit<Report, "code" | "stderr">;
        resolve({ code, stderr, ...parsed });
      } catch {
        reject(new Error(`the conformance runner gave no report (exit ${code}):\n${stderr}`));
      }
    });
  });
}

// A cold npm cache downloads the suite and a Node 22 binary first.
const INSTALL_AND_RUN_MS = 600_000;
let report: Report;
beforeAll(async () => {
  report = await runConformance();
}, INSTALL_AND_RUN_MS);

const resultOf = (suite: string, name: string) =>
  report.results.find((result) => result.suite === suite && result.name === name);
const namesOf = (suite: string) =>
  report.results.filter((result) => result.suite === suite).map((result) => result.name);

describe("the official MCP conformance suite against --http --demo", () => {
  it("runs every scenario the suite lists, each classified in conformance/scenarios.json", () => {
    expect(namesOf("stable").sort()).toEqual(Object.keys(table).sort());
    // The scenarios issue 11 names must stay applicable: none may be waved off as n/a.
    expect(applicable).toEqual(
      expect.arrayContaining([
        "server-initialize",
        "ping",
        "logging-set-level",
        "tools-list",
        "prompts-list",
        "dns-rebinding-protection",
        "server-sse-multiple-streams",
      ]),
    );
    for (const [name, row] of Object.entries(table))
      if (!row.applies)
        expect(row.reason?.length ?? 0, `${name}: n/a needs a reason`).toBeGreaterThan(40);
  });

  it.each(applicable)("%s passes", (name) => {
    const result = resultOf("stable", name);
    const said = [...(result?.failures ?? []), ...(result?.warnings ?? [])].join("; ");
    expect(result?.ok, `${name}: ${said}`).toBe(true);
    const expectWarning = table[name]?.expectWarning;
    if (expectWarning === undefined) {
      expect(result?.outcome, said).toBe("pass");
      expect(result?.passed).toBeGreaterThan(0);
    } else {
      // Nothing else is acceptable: a warning only, and only the one scenarios.json explains.
      expect(result?.outcome, said).toBe("warning");
      expect(result?.warnings?.join("; ")).toContain(expectWarning);
    }
  });

  it("the runner exits 0 with nothing failed in either suite, and the server lived through the run", () => {
    expect(report.failed, report.stderr).toEqual([]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toContain("the server exited during the run");
  });
});

describe("alpha (pre-release) suite, beside the stable one", () => {
  it("is the pinned pre-release, run second, at the wire this server speaks, and labelled so", () => {
    expect(pinOf("alpha", "package.json")).toMatch(/^\d+\.\d+\.\d+-alpha\.\d+$/);
    expect(report.suites).toEqual([
      { id: "stable", version: pinOf("package.json"), prerelease: false, wire: null },
      {
        id: "alpha",
        version: pinOf("alpha", "package.json"),
        prerelease: true,
        wire: "2025-11-25",
      },
    ]);
    expect(report.stderr).toMatch(/^== PRE-RELEASE suite .*0\.2\.0-alpha\.\d+/m);
  });

  it("runs every scenario it lists, each classified in conformance/alpha/scenarios.json", () => {
    expect(namesOf("alpha").sort()).toEqual(Object.keys(alpha.scenarios).sort());
    // Every scenario the stable suite runs here runs under the alpha too, plus
    // the transport scenario only the alphas have.
    expect(alphaApplicable.sort()).toEqual([...applicable, "server-session-lifecycle"].sort());
    for (const [name, row] of Object.entries(alpha.scenarios))
      if (!row.applies)
        expect(row.reason?.length ?? 0, `${name}: n/a needs a reason`).toBeGreaterThan(40);
  });

  it.each(alphaApplicable)("alpha (pre-release): %s passes", (name) => {
    const result = resultOf("alpha", name);
    const said = [
      ...(result?.failures ?? []),
      ...(result?.warnings ?? []),
      ...(result?.notes ?? []),
    ].join("; ");
    expect(result?.ok, `${name}: ${said}`).toBe(true);
    const row = alpha.scenarios[name];
    if (row?.expectSkip !== undefined) {
      // Only the suite's own "does not apply" note, the one scenarios.json explains.
      expect(result?.outcome, said).toBe("skipped");
      expect(result?.notes).toHaveLength(1);
      expect(result?.notes?.[0]).toMatch(new RegExp(`^${row.expectSkip}: `));
    } else if (row?.expectWarning !== undefined) {
      expect(result?.outcome, said).toBe("warning");
      expect(result?.warnings?.join("; ")).toContain(row.expectWarning);
    } else {
      expect(result?.outcome, said).toBe("pass");
      expect(result?.passed).toBeGreaterThan(0);
    }
  });
});

describe("the runner fails a scenario the server fails", () => {
  // A server told to serve evil.example.com no longer resists DNS rebinding.
  let server: HttpServer;
  let unguarded: Report;
  beforeAll(async () => {
    server = await startHttpServer(["--demo"], {
      SKYBACKUP_HTTP_ALLOWED_HOSTS: "evil.example.com,127.0.0.1",
      SKYBACKUP_HTTP_ALLOWED_ORIGINS: "http://evil.example.com",
    });
    unguarded = await runConformance([
      "--url",
      server.url,
      "--scenario",
      "dns-rebinding-protection",
    ]);
  }, INSTALL_AND_RUN_MS);
  afterAll(async () => {
    await server.stop();
  });

  it("names it, says what the suite saw, and exits 1", () => {
    expect(unguarded.code, unguarded.stderr).toBe(1);
    // Both suites fail it, each by its own name: the pre-release can fail too.
    expect(unguarded.failed).toEqual([
      "dns-rebinding-protection",
      "alpha/dns-rebinding-protection",
    ]);
    expect(unguarded.results.map((result) => result.suite)).toEqual(["stable", "alpha"]);
    for (const result of unguarded.results)
      expect(result.failures?.join("; ")).toContain(
        "Expected HTTP 4xx for invalid Host/Origin headers, got 200",
      );
    expect(unguarded.stderr).toMatch(/^FAIL {2}dns-rebinding-protection /m);
    expect(unguarded.stderr).toMatch(/^FAIL {2}alpha\/dns-rebinding-protection /m);
  });
});
