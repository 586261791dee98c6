/**
 * Audit at scale: audit_backups over emulators of about 1,000 (6 services,
 * the emulator's least), 10,000 and 100,000 backups (50 services), behind the latency proxy (80 ms a request, 10 MB/s),
 * against fetching every backup page one after another with plain undici
 * (page_size 500) through the same proxy. The audit reads the schedules of
 * every service as well, which the sequential baseline does not. Each audit
 * runs in a fresh server, so its peak RSS (VmHWM) belongs to that run alone.
 *
 * Each audit is also set against its floor: the least time the requests it
 * made could take behind this proxy (FLOOR_MODEL, printed with the table),
 * so what remains above 1x is waiting the audit could avoid.
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
import { IN_FLIGHT } from "../src/paging/account.js";
import { startLatencyProxy, REALISTIC_API, type LatencyOptions } from "./lib/latency-proxy.js";
import { procMemory } from "./lib/proc.js";
import { initialize, spawnRpc, type ToolCallResult } from "./lib/rpc.js";
import { mb, ms, rounded, spread, times, type Spread } from "./lib/stats.js";
import { note, printTable } from "./lib/table.js";

const TOOL = "audit_backups";
const SIZES = [
  { backups: 1_000, services: 6 },
  { backups: 10_000, services: 50 },
  { backups: 100_000, services: 50 },
] as const;
const SEQUENTIAL_PAGE_SIZE = 500;
const RUNS = 3;
const CALL_TIMEOUT_MS = 120_000;
const AFTER_INITIALIZE_MS = 1_000;
const TARGET_PEAK_KB = 150 * 1024;
/** At 100k, against paging one request at a time: the audit keeps 6 in flight. */
const TARGET_SPEEDUP = 3;
/** Audit time over its floor, at every size. */
const TARGET_OVER_FLOOR = 1.5;
const FLOOR_MODEL =
  `floor = t(first backup page) + max(largest t, sum of t over the other requests / ${IN_FLIGHT} in flight), ` +
  `t = ${REALISTIC_API.latencyMs} ms + response bytes / ${REALISTIC_API.bytesPerSecond / 1024 / 1024} MB/s; ` +
  "the first page must come first (it tells how many there are, and which services), everything else could overlap";

/** The floor of one audit, from the requests it made in order (path and response bytes). */
function floorMs(requests: readonly { bytes: number }[], api: LatencyOptions): number {
  const t = (r: { bytes: number }) => api.latencyMs + (r.bytes / api.bytesPerSecond) * 1000;
  const [first, ...rest] = requests;
  if (first === undefined) return 0;
  const total = rest.reduce((sum, r) => sum + t(r), 0);
  return t(first) + Math.max(0, ...rest.map(t), total / IN_FLIGHT);
}

interface Scale {
  readonly backups: number;
  readonly services: number;
  readonly audit: Spread;
  readonly floor: Spread;
  readonly peakKb: Spread;
  readonly sequential: Spread;
  readonly requests: number;
  readonly summary: string;
}

export async function benchAudit(ctx: BenchContext): Promise<SectionResult> {
  const scales: Scale[] = [];
  for (const size of SIZES) scales.push(await measureScale(ctx, size.backups, size.services));
  const api = `${REALISTIC_API.latencyMs} ms + ${REALISTIC_API.bytesPerSecond / 1024 / 1024} MB/s API`;
  printTable(
    `Audit at scale: ${api} (${RUNS} runs each, medians)`,
    [
      "backups",
      "services",
      TOOL,
      "peak RSS (worst run)",
      "API requests",
      "floor",
      "audit / floor",
      "sequential paging",
      "audit time",
    ],
    scales.map((s) => [
      s.backups.toLocaleString("en-US"),
      String(s.services),
      ms(s.audit.median),
      mb(s.peakKb.max),
      String(s.requests),
      ms(s.floor.median),
      times(s.audit.median / s.floor.median),
      ms(s.sequential.median),
      `${times(s.audit.median / s.sequential.median)} sequential`,
    ]),
  );
  note(FLOOR_MODEL);
  for (const s of scales) note(`${s.backups.toLocaleString("en-US")}: ${TOOL} says: ${s.summary}`);

  const largest = scales[scales.length - 1] as Scale;
  const speedup = largest.sequential.median / largest.audit.median;
  return {
    name: "audit",
    figures: {
      api: REALISTIC_API,
      sequentialPageSize: SEQUENTIAL_PAGE_SIZE,
      runs: RUNS,
      scales: scales.map((s) => ({
        backups: s.backups,
        services: s.services,
        auditMs: rounded(s.audit),
        floorMs: rounded(s.floor),
        auditOverFloor: Number((s.audit.median / s.floor.median).toFixed(2)),
        peakRssKb: rounded(s.peakKb, 0),
        apiRequests: s.requests,
        sequentialMs: rounded(s.sequential),
        auditOverSequential: Number((s.audit.median / s.sequential.median).toFixed(2)),
      })),
    },
    checks: [
      ...scales.map((s) => ({
        figure: `${TOOL} time / its floor, ${s.backups.toLocaleString("en-US")} backups`,
        value: `${ms(s.audit.median)} / ${ms(s.floor.median)} = ${times(s.audit.median / s.floor.median)} (${mb(s.peakKb.max)} peak RSS)`,
        target: `<= ${TARGET_OVER_FLOOR}x`,
        outcome: verdict(s.audit.median / s.floor.median <= TARGET_OVER_FLOOR),
      })),
      {
        figure: `${TOOL} server peak RSS, 100k backups`,
        value: mb(largest.peakKb.max),
        target: `<= ${mb(TARGET_PEAK_KB)}`,
        outcome: verdict(largest.peakKb.max <= TARGET_PEAK_KB),
      },
      {
        figure: `sequential paging time / ${TOOL} time, 100k`,
        value: times(speedup),
        target: `>= ${TARGET_SPEEDUP}x`,
        outcome: verdict(speedup >= TARGET_SPEEDUP),
      },
    ],
  };
}

async function measureScale(ctx: BenchContext, backups: number, services: number): Promise<Scale> {
  const emulator = await startEmulator({ apiKey: API_KEY, backups, services });
  const proxy = await startLatencyProxy(emulator.url);
  const direct = new DirectApi(proxy.url);
  try {
    // Untimed: warms the emulator's page serialization, which both paths pay for.
    await sequentialPaging(direct);
    const auditMs: number[] = [];
    const floors: number[] = [];
    const peakKb: number[] = [];
    const sequentialMs: number[] = [];
    let requests = 0;
    let summary = "";
    for (let run = 0; run < RUNS; run++) {
      const before = emulator.requests.length;
      const logged = proxy.log.length;
      const audit = await auditOnce(ctx, proxy.url);
      auditMs.push(audit.ms);
      floors.push(floorMs(proxy.log.slice(logged), proxy.options));
      peakKb.push(audit.peakKb);
      requests = emulator.requests.length - before;
      summary = audit.firstLine;
      sequentialMs.push(await sequentialPaging(direct));
    }
    return {
      backups: emulator.state.backups.length,
      services: emulator.state.services.length,
      audit: spread(auditMs),
      floor: spread(floors),
      peakKb: spread(peakKb),
      sequential: spread(sequentialMs),
      requests,
      summary,
    };
  } finally {
    await direct.close();
    await proxy.close();
    await emulator.close();
  }
}

async function auditOnce(
  ctx: BenchContext,
  url: string,
): Promise<{ ms: number; peakKb: number; firstLine: string }> {
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(url) });
  try {
    await initialize(server);
    // An assistant's first tool call comes after its model has read tools/list and written the
    // call: never within a millisecond of initialize. A second is short of that, and lets the
    // server do what it does once initialized (load its HTTP client) where it does it for a user.
    await new Promise((resolve) => setTimeout(resolve, AFTER_INITIALIZE_MS));
    const t0 = performance.now();
    const reply = await Promise.race([
      server.request("tools/call", { name: TOOL, arguments: {} }),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${TOOL}: no answer in ${CALL_TIMEOUT_MS} ms`)),
          CALL_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    const elapsed = performance.now() - t0;
    const peakKb = procMemory(server.pid).hwmKb;
    if (reply.error) throw new Error(`${TOOL}: ${reply.error.message}`);
    const result = reply.result as ToolCallResult;
    const text = result.content?.find((c) => c.type === "text")?.text ?? "";
    if (result.isError) throw new Error(`${TOOL} returned an error: ${text}`);
    return { ms: elapsed, peakKb, firstLine: text.split("\n")[0] ?? "" };
  } finally {
    await server.close();
  }
}

/** Every page, one request after another, each parsed: the naive client. */
async function sequentialPaging(direct: DirectApi): Promise<number> {
  const t0 = performance.now();
  let fetched = 0;
  for (let page = 1; ; page++) {
    const body = (await direct.json(backupsPage(page, SEQUENTIAL_PAGE_SIZE))) as {
      backups?: unknown[];
      pages_count?: number;
    };
    fetched += body.backups?.length ?? 0;
    if (page >= (body.pages_count ?? 0) || (body.backups?.length ?? 0) === 0) break;
  }
  if (fetched === 0) throw new Error("sequential paging fetched nothing");
  return performance.now() - t0;
}
