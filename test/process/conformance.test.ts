/**
 * The official MCP conformance suite against a freshly started `--http --demo`.
 * scripts/conformance.mjs installs the suite and its Node 22 (apart from the
 * project's Node 20), starts the built server on a free port and runs every
 * scenario; each one that applies is asserted here by name, so a failure says
 * which. conformance/scenarios.json says why the others cannot apply.
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
}
interface Result {
  name: string;
  applies: boolean;
  ok: boolean;
  outcome?: "pass" | "fail" | "warning";
  passed?: number;
  failures?: string[];
  warnings?: string[];
}
interface Report {
  code: number | null;
  stderr: string;
  results: Result[];
  failed: string[];
}

const table = (
  JSON.parse(readFileSync(join(ROOT, "conformance", "scenarios.json"), "utf8")) as {
    scenarios: Record<string, Row>;
  }
).scenarios;
const applicable = Object.keys(table).filter((name) => table[name]?.applies);

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
        const parsed = JSON.parse(stdout) as { results: Result[]; failed: string[] };
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

const resultOf = (name: string) => report.results.find((result) => result.name === name);

describe("the official MCP conformance suite against --http --demo", () => {
  it("runs every scenario the suite lists, each classified in conformance/scenarios.json", () => {
    expect(report.results.map((result) => result.name).sort()).toEqual(Object.keys(table).sort());
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
    const result = resultOf(name);
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

  it("the runner exits 0 with nothing failed, and the server lived through the run", () => {
    expect(report.failed, report.stderr).toEqual([]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toContain("the server exited during the run");
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
    expect(unguarded.failed).toEqual(["dns-rebinding-protection"]);
    expect(unguarded.results[0]?.failures?.join("; ")).toContain(
      "Expected HTTP 4xx for invalid Host/Origin headers, got 200",
    );
    expect(unguarded.stderr).toMatch(/^FAIL {2}dns-rebinding-protection /m);
  });
});
