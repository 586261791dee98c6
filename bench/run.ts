/**
 * npm run bench: every section in turn, each printing its own table; then
 * bench/results/latest.json and a summary of every figure against its target.
 * scripts/bench.mjs compiles this file and calls run().
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { benchAudit } from "./audit.js";
import { benchFirstAnswer } from "./first-answer.js";
import { benchHttp } from "./http.js";
import { benchContext, type BenchContext, type SectionResult } from "./lib/context.js";
import { printTable } from "./lib/table.js";
import { benchMemory } from "./memory.js";
import { benchPerCall } from "./per-call.js";
import { benchTokens } from "./tokens.js";

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<SectionResult>> = {
  "first-answer": benchFirstAnswer,
  "per-call": benchPerCall,
  audit: benchAudit,
  tokens: benchTokens,
  memory: benchMemory,
  http: benchHttp,
};

export interface RunOptions {
  readonly root: string;
  /** Section names to run; all when empty. */
  readonly only: readonly string[];
}

export async function run(options: RunOptions): Promise<boolean> {
  const unknown = options.only.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0)
    throw new Error(
      `unknown section ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`,
    );
  const ctx = benchContext(options.root);
  const machine = describeMachine(options.root);
  // Other work on the machine skews every figure; the load average says how much there was.
  const loadBefore = loadavg()[0] ?? NaN;
  process.stdout.write(
    `skybackup-mcp ${machine.version} bench on ${machine.cpu}, ${machine.nproc} cores, node ${machine.node}, load ${loadBefore.toFixed(2)}\n`,
  );
  const started = performance.now();
  const results: SectionResult[] = [];
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (options.only.length > 0 && !options.only.includes(name)) continue;
    const t0 = performance.now();
    results.push(await section(ctx));
    process.stdout.write(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const load = { before: loadBefore, after: loadavg()[0] ?? NaN };

  const checks = results.flatMap((r) => r.checks);
  printTable(
    `Summary (${seconds} s; load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after)`,
    ["figure", "value", "target", "result"],
    checks.map((c) => [c.figure, c.value, c.target, c.outcome]),
  );
  // A partial run is for iterating; only a full run is the published figure.
  const file = join(
    options.root,
    "bench",
    "results",
    options.only.length > 0 ? "partial.json" : "latest.json",
  );
  mkdirSync(join(options.root, "bench", "results"), { recursive: true });
  const sections = Object.fromEntries(results.map((r) => [r.name, r.figures]));
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, load, seconds, summary: checks, sections }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${relative(options.root, file)}\n`);
  return checks.every((c) => c.outcome !== "miss");
}

function describeMachine(root: string): Record<string, string | number> {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return {
    version: pkg.version,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    nproc: Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || availableParallelism(),
    node: process.versions.node,
    commit: gitCommit(root),
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The commit measured, marked "+changes" when the work tree differs from it. */
function gitCommit(root: string): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain") ? "+changes" : ""}`;
  } catch {
    return "unknown";
  }
}
