/**
 * Time to first answer: spawn -> initialize -> tools/list -> the first
 * tools/call of list_backups answered, which is what a user waits for before
 * an assistant can say anything about their backups. Every subject makes the
 * same GET to the same emulator. Two baselines run in the same rounds: a bare
 * MCP SDK server, unbundled, with one tool making that request (what most
 * SDK-based servers are), and a raw-Node JSON-RPC responder (the floor).
 * Subjects are interleaved round by round, rotating the order, so drift on a
 * noisy machine hits all of them alike; figures are medians.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../test/helpers/emulator.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type Check,
  type SectionResult,
} from "./lib/context.js";
import { callTool, INITIALIZE_PARAMS, spawnRpc } from "./lib/rpc.js";
import { ms, rounded, spread, times, type Spread } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const RUNS = 20;
const WARMUP = 2;
/** Of the bare SDK server's time, for every configuration. */
const TARGET_RATIO_TO_SDK = 0.7;

type Kind = "floor" | "sdk" | "ours";

interface Config {
  readonly name: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  /** Held against the target; otherwise reported. */
  readonly judged: boolean;
}

interface Subject {
  readonly kind: Kind;
  readonly config: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

interface Timing {
  readonly initialize: number;
  readonly toolsList: number;
  readonly firstCall: number;
}

export async function benchFirstAnswer(ctx: BenchContext): Promise<SectionResult> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  try {
    const service = emulator.state.services[0];
    if (service === undefined) throw new Error("the emulator has no service");
    const ours = ctx.serverBin;
    // The bin keeps a V8 code cache (src/index.ts); the bench keeps its own, written by the warm-up.
    const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "skybackup-bench-cache-")) };
    const configs: readonly Config[] = [
      { name: "default", args: [], env: cache, judged: true },
      {
        name: "--read-only --services <id>",
        args: ["--read-only", "--services", service],
        // The baselines read the same variable to make the same filtered request.
        env: { ...cache, SKYSQL_SERVICES: service },
        judged: true,
      },
      // A first start after install or a Node upgrade: no cache can be written here.
      {
        name: "default, no code cache",
        args: [],
        env: { XDG_CACHE_HOME: "/proc/no-cache" },
        judged: false,
      },
    ];
    const subjects: Subject[] = configs.flatMap((config) => {
      const env = { ...serverEnv(emulator.url), ...config.env };
      return [
        { kind: "floor", config: config.name, script: ctx.floorFixture, args: [], env },
        { kind: "sdk", config: config.name, script: ctx.sdkFixture, args: [], env },
        { kind: "ours", config: config.name, script: ours, args: config.args, env },
      ];
    });
    const samples = subjects.map((): Timing[] => []);
    for (let run = 0; run < WARMUP + RUNS; run++) {
      // Rotate the order so no subject always runs right after another.
      for (let k = 0; k < subjects.length; k++) {
        const index = (run + k) % subjects.length;
        const subject = subjects[index];
        if (!subject) continue;
        const timing = await answerOnce(subject);
        if (run >= WARMUP) samples[index]?.push(timing);
      }
    }
    return report(configs, subjects, samples);
  } finally {
    await emulator.close();
  }
}

function report(
  configs: readonly Config[],
  subjects: readonly Subject[],
  samples: readonly Timing[][],
): SectionResult {
  const of = (i: number, key: keyof Timing): Spread =>
    spread((samples[i] ?? []).map((t) => t[key]));
  const median = (config: string, kind: Kind): number => {
    const i = subjects.findIndex((s) => s.config === config && s.kind === kind);
    return of(i, "firstCall").median;
  };
  printTable(
    `Time to first answer: spawn -> initialize -> tools/list -> first list_backups answered (${RUNS} runs each, interleaved)`,
    ["subject", "initialize", "tools/list", "first call", "min", "max", "vs bare SDK"],
    subjects.map((subject, i) => {
      const call = of(i, "firstCall");
      return [
        `${NAMES[subject.kind]}, ${subject.config}`,
        ms(of(i, "initialize").median),
        ms(of(i, "toolsList").median),
        ms(call.median),
        ms(call.min),
        ms(call.max),
        times(call.median / median(subject.config, "sdk")),
      ];
    }),
  );

  const ratios = configs.map((config) => ({
    config: config.name,
    judged: config.judged,
    ms: median(config.name, "ours"),
    toSdk: median(config.name, "ours") / median(config.name, "sdk"),
    toFloor: median(config.name, "ours") / median(config.name, "floor"),
  }));
  const checks: Check[] = ratios.flatMap((r) => [
    {
      figure: `first answer, ${r.config}, vs bare SDK server`,
      value: `${ms(r.ms)} = ${times(r.toSdk)}`,
      target: r.judged ? `<= ${times(TARGET_RATIO_TO_SDK)}` : "report",
      outcome: r.judged ? verdict(r.toSdk <= TARGET_RATIO_TO_SDK) : "info",
    },
    {
      figure: `first answer, ${r.config}, vs raw-Node floor`,
      value: times(r.toFloor),
      target: "report",
      outcome: "info",
    },
  ]);
  return {
    name: "firstAnswer",
    figures: {
      runs: RUNS,
      subjects: Object.fromEntries(
        subjects.map((subject, i) => [
          `${NAMES[subject.kind]}, ${subject.config}`,
          {
            initializeMs: rounded(of(i, "initialize")),
            toolsListMs: rounded(of(i, "toolsList")),
            firstCallMs: rounded(of(i, "firstCall")),
          },
        ]),
      ),
      ratios: ratios.map((r) => ({
        config: r.config,
        ratioToBareSdk: Number(r.toSdk.toFixed(2)),
        ratioToFloor: Number(r.toFloor.toFixed(2)),
      })),
    },
    checks,
  };
}

const NAMES: Record<Kind, string> = {
  floor: "raw-Node floor",
  sdk: "bare MCP SDK server (unbundled)",
  ours: "skybackup-mcp (dist)",
};

async function answerOnce(subject: Subject): Promise<Timing> {
  const t0 = performance.now();
  const server = spawnRpc(subject.script, { args: subject.args, env: subject.env });
  try {
    const init = await server.request("initialize", INITIALIZE_PARAMS);
    const t1 = performance.now();
    if (init.error) throw new Error(`${subject.script}: ${init.error.message}`);
    server.notify("notifications/initialized");
    const list = await server.request("tools/list");
    const t2 = performance.now();
    if (list.error) throw new Error(`${subject.script}: ${list.error.message}`);
    await callTool(server, "list_backups", {});
    const t3 = performance.now();
    return { initialize: t1 - t0, toolsList: t2 - t0, firstCall: t3 - t0 };
  } finally {
    await server.close();
  }
}
