/**
 * Closed-loop load: a fixed number of calls in flight, each worker starting
 * the next call as its last one ends. Subjects are measured round by round
 * in a rotating order, so drift on a noisy machine hits all of them alike.
 */
import { performance } from "node:perf_hooks";
import { procCpuMs } from "./cpu.js";
import { spread, type Spread } from "./stats.js";

export interface LoadSubject {
  readonly name: string;
  readonly call: (i: number) => Promise<unknown>;
  /** The server processes whose CPU time these calls spend. */
  readonly pids: readonly number[];
}

export interface LoadFigures {
  readonly name: string;
  readonly callsPerSecond: Spread;
  readonly latencyMs: Spread;
  /** Median over rounds of the servers' CPU time per call. */
  readonly serverCpuMs: number;
  /** Median over rounds of this (client, proxies, emulator) process's CPU time per call. */
  readonly benchCpuMs: number;
}

export async function measureRounds(
  subjects: readonly LoadSubject[],
  options: { inFlight: number; calls: number; warmup: number; rounds: number },
): Promise<LoadFigures[]> {
  const samples = subjects.map(() => ({
    rates: [] as number[],
    latencies: [] as number[],
    server: [] as number[],
    bench: [] as number[],
  }));
  for (const s of subjects) await load(s.call, options.warmup, options.inFlight);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const index = (round + k) % subjects.length;
      const s = subjects[index]!;
      const into = samples[index]!;
      const serverCpu = () => s.pids.reduce((sum, pid) => sum + procCpuMs(pid), 0);
      const server0 = serverCpu();
      const bench0 = process.cpuUsage();
      const run = await load(s.call, options.calls, options.inFlight);
      const bench = process.cpuUsage(bench0);
      into.server.push((serverCpu() - server0) / options.calls);
      into.bench.push((bench.user + bench.system) / 1000 / options.calls);
      into.rates.push(run.rate);
      into.latencies.push(...run.latencies);
    }
  }
  return subjects.map((s, i) => {
    const into = samples[i]!;
    return {
      name: s.name,
      callsPerSecond: spread(into.rates),
      latencyMs: spread(into.latencies),
      serverCpuMs: spread(into.server).median,
      benchCpuMs: spread(into.bench).median,
    };
  });
}

async function load(
  call: (i: number) => Promise<unknown>,
  total: number,
  inFlight: number,
): Promise<{ rate: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await call(i);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { rate: total / ((performance.now() - t0) / 1000), latencies };
}
