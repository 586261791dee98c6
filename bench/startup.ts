/**
 * Start-up: spawn -> initialize -> tools/list answered, as an assistant does
 * when a session opens. The built server against the floor (a hand-written
 * JSON-RPC responder) and a bare MCP SDK server with one tool, interleaved
 * run by run so drift on a noisy machine hits all three alike.
 */
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { serverEnv, verdict, type BenchContext, type SectionResult } from "./lib/context.js";
import { INITIALIZE_PARAMS, spawnRpc } from "./lib/rpc.js";
import { ms, rounded, spread, times, type Spread } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const RUNS = 20;
const WARMUP = 2;
const TARGET_RATIO = 1.5;

interface Subject {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

interface Timing {
  readonly initialize: number;
  readonly toolsList: number;
}

export async function benchStartup(ctx: BenchContext): Promise<SectionResult> {
  // Start-up makes no request, so the API URL is a loopback port nobody listens on.
  const closedUrl = `http://127.0.0.1:${await closedPort()}`;
  const subjects: Subject[] = [
    { name: "floor (plain Node JSON-RPC)", script: ctx.floorFixture, args: [], env: {} },
    { name: "bare MCP SDK, 1 tool", script: ctx.sdkFixture, args: [], env: {} },
    { name: "skybackup-mcp (dist)", script: ctx.serverBin, args: [], env: serverEnv(closedUrl) },
  ];
  const samples = subjects.map(() => ({ initialize: [] as number[], toolsList: [] as number[] }));
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // Rotate the order so no subject always runs right after another.
    for (let k = 0; k < subjects.length; k++) {
      const index = (run + k) % subjects.length;
      const subject = subjects[index];
      const into = samples[index];
      if (!subject || !into) continue;
      const timing = await startOnce(subject);
      if (run < WARMUP) continue;
      into.initialize.push(timing.initialize);
      into.toolsList.push(timing.toolsList);
    }
  }

  const ready = samples.map((s) => spread(s.toolsList));
  const init = samples.map((s) => spread(s.initialize));
  const floor = ready[0]?.median ?? NaN;
  const sdk = ready[1]?.median ?? NaN;
  const ours = ready[2]?.median ?? NaN;
  printTable(
    `Start-up: spawn -> initialize -> tools/list (${RUNS} runs each, interleaved)`,
    ["subject", "initialize", "tools/list median", "min", "max", "vs floor"],
    subjects.map((subject, i) => {
      const s = ready[i] as Spread;
      return [
        subject.name,
        ms(init[i]?.median ?? NaN),
        ms(s.median),
        ms(s.min),
        ms(s.max),
        times(s.median / floor),
      ];
    }),
  );

  const ratio = ours / floor;
  return {
    name: "startup",
    figures: {
      runs: RUNS,
      subjects: Object.fromEntries(
        subjects.map((subject, i) => [
          subject.name,
          {
            initializeMs: rounded(init[i] as Spread),
            toolsListMs: rounded(ready[i] as Spread),
          },
        ]),
      ),
      ratioToFloor: Number(ratio.toFixed(2)),
      sdkRatioToFloor: Number((sdk / floor).toFixed(2)),
      ratioToBareSdk: Number((ours / sdk).toFixed(2)),
    },
    checks: [
      {
        figure: "start-up median vs floor",
        value: `${ms(ours)} = ${times(ratio)}`,
        target: `<= ${TARGET_RATIO}x (${ms(floor * TARGET_RATIO)})`,
        outcome: verdict(ratio <= TARGET_RATIO),
      },
    ],
  };
}

async function startOnce(subject: Subject): Promise<Timing> {
  const t0 = performance.now();
  const server = spawnRpc(subject.script, { args: subject.args, env: subject.env });
  // Sent at once, as clients do: it waits in the pipe until the server reads.
  const init = await server.request("initialize", INITIALIZE_PARAMS);
  const t1 = performance.now();
  if (init.error) throw new Error(`${subject.name}: ${init.error.message}`);
  server.notify("notifications/initialized");
  const list = await server.request("tools/list");
  const t2 = performance.now();
  if (list.error) throw new Error(`${subject.name}: ${list.error.message}`);
  await server.close();
  return { initialize: t1 - t0, toolsList: t2 - t0 };
}

/** A loopback port that was free a moment ago and that nothing listens on now. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 9;
      probe.close(() => resolve(port));
    });
  });
}
