/**
 * Per call: list_backups (page_size 100) through MCP stdio to the spawned
 * server, against a direct undici GET + JSON.parse of the same page, both
 * through the same latency proxy in front of the emulator (80 ms a request,
 * 10 MB/s), as a remote API would answer. Both are interleaved call by call;
 * then throughput with 32 calls in flight.
 */
import { performance } from "node:perf_hooks";
import { startEmulator } from "../test/helpers/emulator.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type SectionResult,
} from "./lib/context.js";
import { DirectApi, backupsPage } from "./lib/direct.js";
import { startLatencyProxy } from "./lib/latency-proxy.js";
import { callTool, initialize, spawnRpc } from "./lib/rpc.js";
import { ms, rounded, spread, times } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const PAGE_SIZE = 100;
const WARMUP = 10;
const CALLS = 100;
const IN_FLIGHT = 32;
const THROUGHPUT_CALLS = 640;
const THROUGHPUT_ROUNDS = 3;
const TARGET_RATIO = 1.3;

export async function benchPerCall(ctx: BenchContext): Promise<SectionResult> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  const proxy = await startLatencyProxy(emulator.url);
  const direct = new DirectApi(proxy.url);
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(proxy.url) });
  try {
    await initialize(server);
    const pages = Math.max(1, Math.floor(emulator.state.backups.length / PAGE_SIZE));
    // Same pages on both paths; cycling keeps it from being one cached answer.
    const viaMcp = (i: number) =>
      callTool(server, "list_backups", { page: (i % pages) + 1, page_size: PAGE_SIZE });
    const viaDirect = (i: number) => direct.json(backupsPage((i % pages) + 1, PAGE_SIZE));

    for (let i = 0; i < WARMUP; i++) {
      await viaMcp(i);
      await viaDirect(i);
    }
    const mcpMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      // Alternate which path goes first, so neither always follows the other.
      const first = i % 2 === 0;
      if (first) mcpMs.push(await timed(() => viaMcp(i)));
      directMs.push(await timed(() => viaDirect(i)));
      if (!first) mcpMs.push(await timed(() => viaMcp(i)));
    }

    const mcpRate: number[] = [];
    const directRate: number[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      mcpRate.push(await throughput(viaMcp));
      directRate.push(await throughput(viaDirect));
    }

    const m = spread(mcpMs);
    const d = spread(directMs);
    const mr = spread(mcpRate);
    const dr = spread(directRate);
    const ratio = m.median / d.median;
    const added = m.median - d.median;
    const api = `${proxy.options.latencyMs} ms + ${proxy.options.bytesPerSecond / 1024 / 1024} MB/s API`;
    printTable(
      `Per call: list_backups page_size ${PAGE_SIZE}, ${api} (${CALLS} calls each, interleaved)`,
      ["path", "median", "p99", "min", "max", "vs direct"],
      [
        ["MCP stdio -> server -> API", ms(m.median), ms(m.p99), ms(m.min), ms(m.max), times(ratio)],
        ["direct undici GET + JSON.parse", ms(d.median), ms(d.p99), ms(d.min), ms(d.max), "1.00x"],
      ],
    );
    printTable(
      `Throughput: ${THROUGHPUT_CALLS} calls, ${IN_FLIGHT} in flight, ${api} (${THROUGHPUT_ROUNDS} rounds)`,
      ["path", "calls/s median", "min", "max"],
      [
        ["MCP stdio", rate(mr.median), rate(mr.min), rate(mr.max)],
        ["direct undici", rate(dr.median), rate(dr.min), rate(dr.max)],
      ],
    );

    return {
      name: "perCall",
      figures: {
        pageSize: PAGE_SIZE,
        api: proxy.options,
        calls: CALLS,
        mcpMs: rounded(m, 3),
        directMs: rounded(d, 3),
        ratio: Number(ratio.toFixed(2)),
        addedMs: Number(added.toFixed(2)),
        p99Ratio: Number((m.p99 / d.p99).toFixed(2)),
        inFlight: IN_FLIGHT,
        mcpCallsPerSecond: rounded(mr, 0),
        directCallsPerSecond: rounded(dr, 0),
      },
      checks: [
        {
          figure: `per-call median vs direct, ${api}`,
          value: `${ms(m.median)} = ${times(ratio)}`,
          target: `<= ${TARGET_RATIO}x`,
          outcome: verdict(ratio <= TARGET_RATIO),
        },
        {
          figure: "per-call time the MCP hop adds (median)",
          value: ms(added),
          target: "report",
          outcome: "info",
        },
        {
          figure: "per-call p99 (MCP / direct)",
          value: `${ms(m.p99)} / ${ms(d.p99)}`,
          target: "report",
          outcome: "info",
        },
        {
          figure: `calls/s, ${IN_FLIGHT} in flight (MCP / direct)`,
          value: `${rate(mr.median)} / ${rate(dr.median)}`,
          target: "report",
          outcome: "info",
        },
      ],
    };
  } finally {
    await server.close();
    await direct.close();
    await proxy.close();
    await emulator.close();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Calls per second with IN_FLIGHT workers pulling from one counter. */
async function throughput(call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < THROUGHPUT_CALLS) await call(next++);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return THROUGHPUT_CALLS / ((performance.now() - t0) / 1000);
}

const rate = (x: number): string => `${Math.round(x)}/s`;
