/**
 * Team mode against stdio: calls per second and latency of one fixed call
 * (list_backups, page_size 20), for
 *  - stdio: one server, every call over its one pipe (as the per-call section);
 *  - HTTP, 1 replica behind the round-robin proxy (test/helpers);
 *  - HTTP, 2 replicas behind the same kind of proxy,
 * all against one emulator behind the same latency proxy (80 ms a request,
 * 10 MB/s), with the same calls in flight, round by round in one run. Both
 * HTTP subjects pass the proxy, so they differ only in replicas.
 *
 * Two loads: 16 in flight, which neither server's API connection pool
 * limits (stdio keeps 16 connections, a replica 64), so it compares the
 * transports; and 64, a team's load, where stdio queues on its pool and
 * more replicas can only help if one replica is what limits.
 * Each server's CPU time per call says where the work goes; the cost of
 * the fresh MCP server team mode makes per POST is measured on its own.
 * BENCH_CPU_PROFILE=<dir> makes each replica write a V8 CPU profile there.
 */
import { availableParallelism } from "node:os";
import { startEmulator } from "../test/helpers/emulator.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "../test/helpers/round-robin-proxy.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type Check,
  type SectionResult,
} from "./lib/context.js";
import { freshServerCost } from "./lib/fresh-server.js";
import { HttpMcpClient } from "./lib/http-client.js";
import { startLatencyProxy } from "./lib/latency-proxy.js";
import { measureRounds, type LoadFigures, type LoadSubject } from "./lib/load.js";
import { startReplica, type Replica } from "./lib/replica.js";
import { callTool, initialize, spawnRpc } from "./lib/rpc.js";
import { ms, rounded, times } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const PAGE_SIZE = 20;
const LEVELS = [
  { inFlight: 16, calls: 320 },
  { inFlight: 64, calls: 480 },
] as const;
const ROUNDS = 3;
const WARMUP = 128;
const FRESH_SERVER_ITERATIONS = 300;
/** One replica may cost a little against one pipe, not much. */
const TARGET_ONE_REPLICA = 0.8;
/** Two replicas can beat one only with cores to spare for both, the client and the API. */
const SCALING_CORES = 4;

export async function benchHttp(ctx: BenchContext): Promise<SectionResult> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  const api = await startLatencyProxy(emulator.url);
  const stdio = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(api.url) });
  const replicas: Replica[] = [];
  const proxies: RoundRobinProxy[] = [];
  const clients: HttpMcpClient[] = [];
  try {
    await initialize(stdio);
    const profile = process.env.BENCH_CPU_PROFILE;
    const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
    replicas.push(
      ...(await Promise.all([0, 1].map(() => startReplica(ctx.serverBin, api.url, flags)))),
    );
    const [a, b] = replicas as [Replica, Replica];
    proxies.push(
      await startRoundRobinProxy([a.origin]),
      await startRoundRobinProxy([a.origin, b.origin]),
    );
    const most = Math.max(...LEVELS.map((level) => level.inFlight));
    clients.push(
      ...proxies.map((proxy) => new HttpMcpClient(`${proxy.origin}/mcp`, API_KEY, most)),
    );
    const [viaOne, viaTwo] = clients as [HttpMcpClient, HttpMcpClient];

    const pages = Math.max(1, Math.floor(emulator.state.backups.length / PAGE_SIZE));
    const args = (i: number) => ({ page: (i % pages) + 1, page_size: PAGE_SIZE });
    const subjects: LoadSubject[] = [
      {
        name: "stdio, 1 server",
        call: (i) => callTool(stdio, "list_backups", args(i)),
        pids: [stdio.pid],
      },
      {
        name: "HTTP, 1 replica",
        call: (i) => viaOne.callTool("list_backups", args(i)),
        pids: [a.pid],
      },
      {
        name: "HTTP, 2 replicas",
        call: (i) => viaTwo.callTool("list_backups", args(i)),
        pids: [a.pid, b.pid],
      },
    ];
    const apiText = `${api.options.latencyMs} ms + ${api.options.bytesPerSecond / 1024 / 1024} MB/s API`;
    const results: LoadFigures[][] = [];
    for (const level of LEVELS) {
      const figures = await measureRounds(subjects, { ...level, warmup: WARMUP, rounds: ROUNDS });
      results.push(figures);
      printLevel(
        `Team mode: list_backups page_size ${PAGE_SIZE}, ${level.inFlight} in flight, ${level.calls} calls x ${ROUNDS} rounds, ${apiText}`,
        figures,
      );
    }
    const fresh = await freshServerCost(FRESH_SERVER_ITERATIONS);
    const [low, high] = results as [LoadFigures[], LoadFigures[]];
    // The median: the mean also carries collections of this process's own large heap.
    const share = fresh.spread.median / low[1]!.serverCpuMs;
    printTable(
      "Fresh MCP server per POST (create, register every tool and prompt, connect, close), in-process",
      [
        "median",
        "p99",
        "mean",
        "of which the SDK's new Ajv",
        "median's share of replica CPU/call (16 in flight)",
      ],
      [
        [
          ms(fresh.spread.median),
          ms(fresh.spread.p99),
          ms(fresh.mean),
          ms(fresh.validatorMean),
          `${(share * 100).toFixed(0)}%`,
        ],
      ],
    );

    return {
      name: "http",
      figures: {
        pageSize: PAGE_SIZE,
        rounds: ROUNDS,
        api: api.options,
        levels: LEVELS.map((level, i) => ({ ...level, subjects: results[i]!.map(jsonFigures) })),
        freshServerMs: {
          ...rounded(fresh.spread, 3),
          mean: Number(fresh.mean.toFixed(3)),
          sdkValidatorMean: Number(fresh.validatorMean.toFixed(3)),
        },
      },
      checks: checks(low, high, fresh.spread.median, share),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(proxies.map((p) => p.close()));
    await Promise.all(replicas.map((r) => r.stop()));
    await stdio.close();
    await api.close();
    await emulator.close();
  }
}

function checks(low: LoadFigures[], high: LoadFigures[], freshMs: number, share: number): Check[] {
  const rate = (f: LoadFigures | undefined) => f?.callsPerSecond.median ?? NaN;
  const oneVsStdio = rate(low[1]) / rate(low[0]);
  const twoVsOne = rate(high[2]) / rate(high[1]);
  const cores = availableParallelism();
  const perSecond = (figures: LoadFigures[]) =>
    figures.map((f) => `${Math.round(rate(f))}`).join(" / ");
  return [
    {
      figure: "HTTP 1 replica calls/s vs stdio, 16 in flight",
      value: `${Math.round(rate(low[1]))}/s = ${times(oneVsStdio)}`,
      target: `>= ${TARGET_ONE_REPLICA}x`,
      outcome: verdict(oneVsStdio >= TARGET_ONE_REPLICA),
    },
    {
      figure: "HTTP 2 replicas calls/s vs 1 replica, 64 in flight",
      value: `${Math.round(rate(high[2]))}/s = ${times(twoVsOne)}`,
      target: `> 1.00x (with >= ${SCALING_CORES} cores; ${cores} here)`,
      outcome: cores >= SCALING_CORES ? verdict(twoVsOne > 1) : "skipped",
    },
    {
      figure: "calls/s stdio / 1 / 2 replicas, 16 and 64 in flight",
      value: `${perSecond(low)}; ${perSecond(high)}`,
      target: "report",
      outcome: "info",
    },
    {
      figure: "p99 stdio / 1 / 2 replicas, 16 in flight",
      value: low.map((f) => ms(f.latencyMs.p99)).join(" / "),
      target: "report",
      outcome: "info",
    },
    {
      figure: "server CPU per call, stdio / 1 replica (16 in flight)",
      value: `${ms(low[0]?.serverCpuMs ?? NaN)} / ${ms(low[1]?.serverCpuMs ?? NaN)}`,
      target: "report",
      outcome: "info",
    },
    {
      figure: "fresh MCP server per POST (median; share of replica CPU/call)",
      value: `${ms(freshMs)}; ${(share * 100).toFixed(0)}%`,
      target: "report",
      outcome: "info",
    },
  ];
}

function printLevel(title: string, figures: LoadFigures[]): void {
  const base = figures[0]?.callsPerSecond.median ?? NaN;
  printTable(
    title,
    ["path", "calls/s", "vs stdio", "p50", "p99", "server CPU/call", "bench CPU/call"],
    figures.map((f) => [
      f.name,
      `${Math.round(f.callsPerSecond.median)}/s`,
      times(f.callsPerSecond.median / base),
      ms(f.latencyMs.median),
      ms(f.latencyMs.p99),
      ms(f.serverCpuMs),
      ms(f.benchCpuMs),
    ]),
  );
}

const jsonFigures = (f: LoadFigures) => ({
  name: f.name,
  callsPerSecond: rounded(f.callsPerSecond, 0),
  latencyMs: rounded(f.latencyMs, 2),
  serverCpuMsPerCall: Number(f.serverCpuMs.toFixed(3)),
  benchCpuMsPerCall: Number(f.benchCpuMs.toFixed(3)),
});
