/**
 * Audit at scale: audit_backups over an emulator with 100,000 backups and 50
 * services, against fetching every page one after another with plain undici
 * (page_size 500). Each audit runs in a fresh server so its peak RSS (VmHWM)
 * belongs to that run alone. Skipped while no audit_backups tool is listed.
 */
import { performance } from "node:perf_hooks";
import { startEmulator } from "../src/emulator/index.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type Check,
  type SectionResult,
} from "./lib/context.js";
import { DirectApi, backupsPage } from "./lib/direct.js";
import { procMemory } from "./lib/proc.js";
import { initialize, spawnRpc, type ToolCallResult } from "./lib/rpc.js";
import { mb, ms, rounded, spread, times } from "./lib/stats.js";
import { note, printTable } from "./lib/table.js";

const TOOL = "audit_backups";
const BACKUPS = 100_000;
const SERVICES = 50;
const SEQUENTIAL_PAGE_SIZE = 500;
const RUNS = 5;
const CALL_TIMEOUT_MS = 60_000;
const TARGET_MS = 3_000;
const TARGET_PEAK_KB = 150 * 1024;
const TARGET_SPEEDUP = 3;

export async function benchAudit(ctx: BenchContext): Promise<SectionResult> {
  if (!(await isListed(ctx))) {
    note(`Audit at scale: skipped: ${TOOL} not built yet`);
    return skipped();
  }
  const emulator = await startEmulator({ apiKey: API_KEY, backups: BACKUPS, services: SERVICES });
  const direct = new DirectApi(emulator.url);
  try {
    // Untimed: warms the emulator's page serialization, which both paths pay for.
    await sequentialPaging(direct);
    const auditMs: number[] = [];
    const peakKb: number[] = [];
    const requests: number[] = [];
    const sequentialMs: number[] = [];
    let summary = "";
    for (let run = 0; run < RUNS; run++) {
      const before = emulator.requests.length;
      const audit = await auditOnce(ctx, emulator.url);
      auditMs.push(audit.ms);
      peakKb.push(audit.peakKb);
      requests.push(emulator.requests.length - before);
      summary = audit.firstLine;
      sequentialMs.push(await sequentialPaging(direct));
    }

    const a = spread(auditMs);
    const p = spread(peakKb);
    const s = spread(sequentialMs);
    const speedup = s.median / a.median;
    printTable(
      `Audit at scale: ${BACKUPS.toLocaleString("en-US")} backups, ${SERVICES} services (${RUNS} runs)`,
      ["path", "median", "min", "max", "peak RSS (worst run)", "API requests"],
      [
        [`${TOOL} via MCP`, ms(a.median), ms(a.min), ms(a.max), mb(p.max), String(requests[0])],
        [
          `sequential undici paging (${SEQUENTIAL_PAGE_SIZE}/page)`,
          ms(s.median),
          ms(s.min),
          ms(s.max),
          "",
          "",
        ],
      ],
    );
    note(`${TOOL} says: ${summary}`);

    return {
      name: "audit",
      figures: {
        backups: emulator.state.backups.length,
        services: SERVICES,
        runs: RUNS,
        auditMs: rounded(a),
        peakRssKb: rounded(p, 0),
        apiRequests: requests,
        sequentialMs: rounded(s),
        speedup: Number(speedup.toFixed(2)),
      },
      checks: [
        {
          figure: `${TOOL} wall time, 100k backups`,
          value: ms(a.median),
          target: `<= ${ms(TARGET_MS)}`,
          outcome: verdict(a.median <= TARGET_MS),
        },
        {
          figure: `${TOOL} server peak RSS`,
          value: mb(p.max),
          target: `<= ${mb(TARGET_PEAK_KB)}`,
          outcome: verdict(p.max <= TARGET_PEAK_KB),
        },
        {
          figure: `${TOOL} vs sequential paging`,
          value: `${times(speedup)} faster`,
          target: `>= ${TARGET_SPEEDUP}x`,
          outcome: verdict(speedup >= TARGET_SPEEDUP),
        },
      ],
    };
  } finally {
    await direct.close();
    await emulator.close();
  }
}

async function isListed(ctx: BenchContext): Promise<boolean> {
  // tools/list makes no request, so the API URL can be a port nobody listens on.
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv("http://127.0.0.1:9") });
  try {
    await initialize(server);
    const list = await server.request("tools/list");
    const tools = (list.result?.tools ?? []) as Array<{ name: string }>;
    return tools.some((tool) => tool.name === TOOL);
  } finally {
    await server.close();
  }
}

async function auditOnce(
  ctx: BenchContext,
  url: string,
): Promise<{ ms: number; peakKb: number; firstLine: string }> {
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(url) });
  try {
    await initialize(server);
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

function skipped(): SectionResult {
  const check = (figure: string, target: string): Check => ({
    figure,
    value: `skipped: ${TOOL} not built yet`,
    target,
    outcome: "skipped",
  });
  return {
    name: "audit",
    figures: { skipped: `${TOOL} not built yet` },
    checks: [
      check(`${TOOL} wall time, 100k backups`, `<= ${ms(TARGET_MS)}`),
      check(`${TOOL} server peak RSS`, `<= ${mb(TARGET_PEAK_KB)}`),
      check(`${TOOL} vs sequential paging`, `>= ${TARGET_SPEEDUP}x`),
    ],
  };
}
