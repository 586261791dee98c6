/**
 * npm run conformance [-- --url URL] [--scenario NAME ...] [--json] [--all]:
 * runs the official MCP conformance suite against `skybackup-mcp --http --demo`,
 * started here on a free port (or against URL), one line per server scenario:
 * pass, fail, or n/a with its reason from conformance/scenarios.json. Exits 1
 * if a scenario that applies fails, 2 if the suite cannot run. --scenario runs
 * only those; --json prints the results as one JSON document on stdout (the
 * lines go to stderr); --all also runs the n/a scenarios, for information.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { clearTimeout, setTimeout } from "node:timers";
import { URL, fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  ensureInstalled,
  listedScenarios,
  runScenario,
  scenarioTable,
  suiteNode,
} from "./conformance-suite.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "dist", "index.js");
const START_LIMIT_MS = 30_000;

const { values: flags } = parseArgs({
  options: {
    url: { type: "string" },
    scenario: { type: "string", multiple: true },
    json: { type: "boolean" },
    all: { type: "boolean" },
  },
});
const say = (line) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);

let server;
try {
  await ensureInstalled(say);
  const node = suiteNode();
  const table = scenarioTable();
  const listed = await listedScenarios(node);
  const unknown = listed.filter((name) => !(name in table));
  const gone = Object.keys(table).filter((name) => !listed.includes(name));
  if (unknown.length + gone.length > 0 || listed.length === 0) {
    throw new Error(
      `conformance/scenarios.json is out of step with the installed suite: ` +
        `unclassified ${JSON.stringify(unknown)}, no longer listed ${JSON.stringify(gone)}`,
    );
  }
  const chosen = flags.scenario ?? listed;
  const strangers = chosen.filter((name) => !listed.includes(name));
  if (strangers.length > 0) throw new Error(`no such scenario: ${strangers.join(", ")}`);
  server = flags.url ? undefined : await startServer();
  const url = flags.url ?? server.url;
  say(`conformance against ${url}`);
  const results = [];
  for (const name of chosen) {
    const row = table[name];
    const result = row.applies || flags.all ? await runScenario(node, url, name) : {};
    results.push({
      name,
      applies: row.applies,
      reason: row.reason,
      ...result,
      ...judge(row, result),
    });
    say(lineFor(results.at(-1)));
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  const ran = results.filter((r) => r.applies).length;
  say(`${ran - failed.length} of ${ran} applicable scenarios passed; ${chosen.length - ran} n/a`);
  // A crash mid-run would show up as failures of its own; this names the cause.
  if (server?.exited()) {
    say(`the server exited during the run; its stderr:\n${server.stderr()}`);
    failed.push("(server exited)");
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ url, results, failed }, null, 2)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 2;
} finally {
  server?.stop();
}

/**
 * Whether a result is acceptable: an applicable scenario must pass, or end in
 * exactly the warning the table expects (and explains); n/a ones never count.
 */
function judge(row, result) {
  if (!row.applies) return { ok: true };
  if (result.outcome === "pass") return { ok: true };
  const expected = row.expectWarning;
  const onlyExpected =
    expected !== undefined &&
    result.warnings.length > 0 &&
    result.warnings.every((warning) => warning.includes(expected));
  return { ok: result.outcome === "warning" && onlyExpected };
}

function lineFor(result) {
  const name = result.name.padEnd(30);
  const why = [...(result.failures ?? []), ...(result.warnings ?? [])].join("; ");
  if (!result.applies) {
    const ran = result.outcome ? ` [ran anyway: ${result.outcome}${why && ` - ${why}`}]` : "";
    return `n/a   ${name} ${result.reason}${ran}`;
  }
  if (!result.ok) return `FAIL  ${name} ${why}`;
  if (result.outcome === "warning")
    return `pass  ${name} warning only, as expected: ${result.reason}`;
  return `pass  ${name} ${result.passed} check${result.passed === 1 ? "" : "s"}`;
}

/** Starts `node dist/index.js --http --demo` on a free loopback port; resolves once it listens. */
function startServer() {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  // The demo needs no key; none from this shell should change what the suite sees.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SKYSQL_|SKYBACKUP_)/.test(key)),
  );
  const args = [BIN, "--http", "--demo", "--host", "127.0.0.1", "--port", "0"];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let listening = false;
  let exited = false;
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      child.kill("SIGKILL");
      reject(new Error(`${why}; its stderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail("the server did not say it was listening"), START_LIMIT_MS);
    child.on("exit", (code) => {
      exited = true;
      if (!listening) fail(`the server exited (${code}) before listening`);
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const url = /listening on (http:\/\/\S+\/mcp)/.exec(stderr)?.[1];
      if (listening || !url) return;
      listening = true;
      clearTimeout(timer);
      resolve({
        url,
        stderr: () => stderr,
        exited: () => exited,
        stop: () => child.kill("SIGTERM"),
      });
    });
  });
}
