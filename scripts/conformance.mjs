/**
 * npm run conformance [-- --url URL] [--suite stable|alpha ...] [--scenario NAME ...] [--json] [--all]:
 * runs the official MCP conformance suite against `skybackup-mcp --http --demo`,
 * started here on a free port (or against URL), one line per server scenario:
 * pass, fail, or n/a with its reason from the suite's scenarios.json. The
 * stable release (conformance/) runs first and is the main one; then a
 * PRE-RELEASE (conformance/alpha/), for the transport scenarios only the 0.2.0
 * alphas have; its lines read `alpha/<scenario>`. Exits 1 if a scenario that
 * applies fails in either, 2 if a suite cannot run. --suite runs only that
 * suite; --scenario runs only those (in each suite that lists them); --json
 * prints the results as one JSON document on stdout (the lines go to stderr);
 * --all also runs the n/a scenarios, for information.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { clearTimeout, setTimeout } from "node:timers";
import { URL, fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  SUITES,
  ensureInstalled,
  listedScenarios,
  pinnedVersion,
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
    suite: { type: "string", multiple: true },
    scenario: { type: "string", multiple: true },
    json: { type: "boolean" },
    all: { type: "boolean" },
  },
});
const say = (line) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
/** How a result is named in lines and in `failed`: the stable suite's plainly. */
const qualified = (suite, name) => (suite.id === "stable" ? name : `${suite.id}/${name}`);

let server;
try {
  const suites = chosenSuites();
  // Node 22 lives in the stable folder, so it is installed whichever suite runs.
  await ensureInstalled(SUITES[0], say);
  const node = suiteNode();
  const plans = [];
  for (const suite of suites) {
    await ensureInstalled(suite, say);
    plans.push(await plan(node, suite));
  }
  const strangers = (flags.scenario ?? []).filter(
    (name) => !plans.some(({ listed }) => listed.includes(name)),
  );
  if (strangers.length > 0) throw new Error(`no such scenario: ${strangers.join(", ")}`);
  server = flags.url ? undefined : await startServer();
  const url = flags.url ?? server.url;
  say(`conformance against ${url}`);
  const results = [];
  for (const { suite, table, wire, chosen, version } of plans) {
    say(heading(suite, version, wire));
    const ofSuite = [];
    for (const name of chosen) {
      const row = table[name];
      // An n/a scenario run for information speaks the wire the suite picks for it.
      const result = row.applies
        ? await runScenario(node, suite, url, name, wire)
        : flags.all
          ? await runScenario(node, suite, url, name)
          : {};
      ofSuite.push({
        suite: suite.id,
        name,
        applies: row.applies,
        reason: row.reason,
        ...result,
        ...judge(row, result),
      });
      say(lineFor(suite, ofSuite.at(-1)));
    }
    const ran = ofSuite.filter((r) => r.applies);
    const passed = ran.filter((r) => r.ok).length;
    say(
      `${suite.id}: ${passed} of ${ran.length} applicable scenarios passed; ${chosen.length - ran.length} n/a`,
    );
    results.push(...ofSuite);
  }
  const failed = results.filter((r) => !r.ok).map((r) => qualified({ id: r.suite }, r.name));
  // A crash mid-run would show up as failures of its own; this names the cause.
  if (server?.exited()) {
    say(`the server exited during the run; its stderr:\n${server.stderr()}`);
    failed.push("(server exited)");
  }
  const ran = plans.map(({ suite, version, wire }) => ({
    id: suite.id,
    version,
    prerelease: suite.prerelease,
    wire: wire ?? null,
  }));
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ url, suites: ran, results, failed }, null, 2)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 2;
} finally {
  server?.stop();
}

function chosenSuites() {
  const ids = flags.suite ?? SUITES.map((suite) => suite.id);
  const unknown = ids.filter((id) => !SUITES.some((suite) => suite.id === id));
  if (unknown.length > 0) throw new Error(`no such suite: ${unknown.join(", ")} (stable, alpha)`);
  return SUITES.filter((suite) => ids.includes(suite.id));
}

/**
 * What one suite will run. Refuses a suite whose scenarios.json is out of step
 * with what the installed release lists, so a version bump forces a fresh look.
 */
async function plan(node, suite) {
  const { scenarios: table, wire } = scenarioTable(suite);
  const listed = await listedScenarios(node, suite);
  const unknown = listed.filter((name) => !(name in table));
  const gone = Object.keys(table).filter((name) => !listed.includes(name));
  if (unknown.length + gone.length > 0 || listed.length === 0) {
    throw new Error(
      `the ${suite.id} suite's scenarios.json is out of step with the installed suite: ` +
        `unclassified ${JSON.stringify(unknown)}, no longer listed ${JSON.stringify(gone)}`,
    );
  }
  const chosen = flags.scenario ? listed.filter((name) => flags.scenario.includes(name)) : listed;
  return { suite, table, wire, listed, chosen, version: pinnedVersion(suite) };
}

function heading(suite, version, wire) {
  const pkg = `@modelcontextprotocol/conformance ${version}`;
  if (!suite.prerelease) return `== stable suite: ${pkg}`;
  const at = wire ? `, applicable scenarios at the ${wire} wire` : "";
  return `== PRE-RELEASE suite (an alpha, not a stable release; an addition to the stable suite): ${pkg}${at}`;
}

/**
 * Whether a result is acceptable: an applicable scenario must pass, or end in
 * exactly the warning, or the one "does not apply" note, that the table
 * expects (and explains); n/a ones never count.
 */
function judge(row, result) {
  if (!row.applies) return { ok: true };
  if (result.outcome === "pass") return { ok: true };
  if (result.outcome === "skipped") {
    const notes = result.notes ?? [];
    const onlyExpected =
      row.expectSkip !== undefined &&
      notes.length === 1 &&
      notes[0].startsWith(`${row.expectSkip}: `);
    return { ok: onlyExpected };
  }
  const expected = row.expectWarning;
  const onlyExpected =
    expected !== undefined &&
    result.warnings.length > 0 &&
    result.warnings.every((warning) => warning.includes(expected));
  return { ok: result.outcome === "warning" && onlyExpected };
}

function lineFor(suite, result) {
  const name = qualified(suite, result.name).padEnd(30);
  const why = [
    ...(result.failures ?? []),
    ...(result.warnings ?? []),
    ...(result.notes ?? []),
  ].join("; ");
  if (!result.applies) {
    const ran = result.outcome ? ` [ran anyway: ${result.outcome}${why && ` - ${why}`}]` : "";
    return `n/a   ${name} ${result.reason}${ran}`;
  }
  if (!result.ok) return `FAIL  ${name} ${why}`;
  if (result.outcome === "warning")
    return `pass  ${name} warning only, as expected: ${result.reason}`;
  if (result.outcome === "skipped")
    return `pass  ${name} only the expected "does not apply" note: ${result.reason}`;
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
