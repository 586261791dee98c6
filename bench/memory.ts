/**
 * Memory of the spawned server: resident set at idle after initialize, then
 * over 10,000 list_backups calls (100 backups each, 16 in flight).
 *
 * RSS after a burst mostly measures how far V8 let its heap grow, not what
 * the server keeps: so the same load runs again in a server whose old space
 * is capped (--max-old-space-size). A leak there still grows (until it
 * crashes); a healthy server stays flat. The leak check compares the lowest
 * RSS seen in the second half of that run with the lowest in the first half
 * (the low envelope, which skips the garbage collector's sawtooth).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type RunningEmulator } from "../test/helpers/emulator.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type SectionResult,
} from "./lib/context.js";
import { procMemory } from "./lib/proc.js";
import { callTool, initialize, spawnRpc } from "./lib/rpc.js";
import { mb } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const CALLS = 10_000;
const SAMPLE_EVERY = 500;
const IN_FLIGHT = 16;
const PAGE_SIZE = 100;
const CAPPED_OLD_SPACE_MB = 64;
/** Windows of the leak check, in calls: after warm-up, two equal halves. */
const FIRST_HALF = [2_000, 6_000] as const;
const SECOND_HALF = [6_000, 10_000] as const;
const TARGET_GROWTH_KB = 5 * 1024;

interface Run {
  readonly idleKb: number;
  readonly afterKb: number;
  readonly peakKb: number;
  readonly samples: ReadonlyArray<{ calls: number; rssKb: number }>;
}

export async function benchMemory(ctx: BenchContext): Promise<SectionResult> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  try {
    const plain = await load(ctx, emulator, []);
    const capped = await load(ctx, emulator, [`--max-old-space-size=${CAPPED_OLD_SPACE_MB}`]);
    const growth = lowest(capped, SECOND_HALF) - lowest(capped, FIRST_HALF);
    const delta = plain.afterKb - plain.idleKb;

    const at = (r: Run, calls: number): string =>
      mb(r.samples.find((s) => s.calls === calls)?.rssKb ?? NaN);
    printTable(
      `Memory: server RSS over ${CALLS.toLocaleString("en-US")} list_backups calls (${PAGE_SIZE} backups, ${IN_FLIGHT} in flight)`,
      ["point", "default heap", `old space <= ${CAPPED_OLD_SPACE_MB} MB`],
      [
        ["idle after initialize", mb(plain.idleKb), mb(capped.idleKb)],
        ...[1_000, 2_000, 4_000, 6_000, 8_000, 10_000].map((calls) => [
          `after ${calls.toLocaleString("en-US")} calls`,
          at(plain, calls),
          at(capped, calls),
        ]),
        ["1 s after the last call", mb(plain.afterKb), mb(capped.afterKb)],
        ["peak (VmHWM)", mb(plain.peakKb), mb(capped.peakKb)],
      ],
    );

    return {
      name: "memory",
      figures: {
        calls: CALLS,
        pageSize: PAGE_SIZE,
        inFlight: IN_FLIGHT,
        idleRssKb: plain.idleKb,
        afterRssKb: plain.afterKb,
        deltaKb: delta,
        peakRssKb: plain.peakKb,
        capped: {
          maxOldSpaceMb: CAPPED_OLD_SPACE_MB,
          idleRssKb: capped.idleKb,
          afterRssKb: capped.afterKb,
          peakRssKb: capped.peakKb,
          lowEnvelopeGrowthKb: growth,
        },
        samples: { plain: plain.samples, capped: capped.samples },
      },
      checks: [
        {
          figure: "RSS idle after initialize",
          value: mb(plain.idleKb),
          target: "report",
          outcome: "info",
        },
        {
          figure: `RSS after ${CALLS.toLocaleString("en-US")} calls (delta)`,
          value: `${mb(plain.afterKb)} (+${mb(delta)})`,
          target: "report",
          outcome: "info",
        },
        {
          figure: `RSS growth 2k-6k -> 6k-10k calls, capped heap`,
          value: `${growth >= 0 ? "+" : ""}${mb(growth)} (at ${mb(capped.afterKb)})`,
          target: `<= ${mb(TARGET_GROWTH_KB)} (noise)`,
          outcome: verdict(growth <= TARGET_GROWTH_KB),
        },
      ],
    };
  } finally {
    await emulator.close();
  }
}

async function load(
  ctx: BenchContext,
  emulator: RunningEmulator,
  nodeFlags: readonly string[],
): Promise<Run> {
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(emulator.url), nodeFlags });
  try {
    await initialize(server);
    await server.request("tools/list");
    await sleep(500);
    const idleKb = procMemory(server.pid).rssKb;
    const pages = Math.max(1, Math.floor(emulator.state.backups.length / PAGE_SIZE));
    const samples: Array<{ calls: number; rssKb: number }> = [];
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < CALLS) {
        const i = next++;
        await callTool(server, "list_backups", { page: (i % pages) + 1, page_size: PAGE_SIZE });
        done++;
        if (done % SAMPLE_EVERY === 0)
          samples.push({ calls: done, rssKb: procMemory(server.pid).rssKb });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await sleep(1_000);
    const after = procMemory(server.pid);
    return { idleKb, afterKb: after.rssKb, peakKb: after.hwmKb, samples };
  } finally {
    await server.close();
  }
}

function lowest(run: Run, [from, to]: readonly [number, number]): number {
  const window = run.samples.filter((s) => s.calls > from && s.calls <= to).map((s) => s.rssKb);
  return Math.min(...window);
}
