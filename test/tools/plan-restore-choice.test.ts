/**
 * plan_restore over MCP against a hand-written upstream the emulator did not
 * generate: the chain a DBA would choose, a long chain said to be long, and
 * exact points when binary logs cannot reach the target.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, structured, textOf } from "../helpers/harness.js";
import { json, startFakeApi } from "../helpers/fake-api.js";
import type { Backup } from "../../src/api/schemas.js";
import { DAY, HOUR, NOW, backup, binlogs } from "../restore/build.js";

const SERVICE = "dbaaa00000001";
const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;

interface Plan {
  restorable: boolean;
  chain: Array<{ role: string; id: string }>;
  long_restore?: string;
  points_before?: Array<{ point: string; base: { id: string } }>;
  points_after?: Array<{ point: string; base: { id: string } }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function planAgainst(backups: Backup[], target_time: string) {
  const fake = await startFakeApi((_req, res) =>
    json(res, 200, { backups, backups_count: backups.length, pages_count: 1 }),
  );
  const { client, close } = await connectClient(fake.url, "choice-test-key-12345", {
    now: () => new Date(NOW),
  });
  cleanups.push(close, fake.close);
  const result = (await client.callTool({
    name: "plan_restore",
    arguments: { service_id: SERVICE, target_time },
  })) as CallToolResult;
  return { plan: structured<Plan>(result), text: textOf(result) };
}

describe("plan_restore chooses as a DBA would", () => {
  it("full + 2 incrementals + 6 binlogs over a newer dump + 14 binlogs", async () => {
    const full = backup({ type: "full", at: at(0) });
    const dump = backup({ type: "dump", at: at(0) + 30 * 60_000 });
    const inc3 = backup({ type: "incremental", at: at(3), ref: full.id });
    const inc8 = backup({ type: "incremental", at: at(8), ref: full.id });
    const logs = binlogs(at(0), at(20));
    const { plan, text } = await planAgainst(
      [dump, full, inc3, inc8, ...logs],
      "2026-11-24T14:00:00.000Z",
    );
    expect(plan.chain.map((s) => s.id)).toEqual([
      full.id,
      inc3.id,
      inc8.id,
      ...logs.slice(9, 15).map((b) => b.id),
    ]);
    expect(text.split("\n")[0]).toBe(
      `Restorable to 2026-11-24 14:00:00 UTC using 9 backups of ${SERVICE}, applied in this order:`,
    );
    expect(text).not.toContain("long restore");
  });

  it("a day and a half of binlogs on one full is a long restore, and says so", async () => {
    const full = backup({ type: "full", at: at(0) });
    const { plan, text } = await planAgainst([full, ...binlogs(at(0), at(50))], "latest");
    expect(plan.chain).toHaveLength(51);
    expect(plan.long_restore).toContain("50 binary logs");
    expect(text).toContain("Note: long restore: 50 binary logs (50h of changes) to replay");
  });

  it("no binlogs: the nearest exact points with their bases, not ranges", async () => {
    const fulls = [2, 8, 14, 20].map((h) => backup({ type: "full", at: at(h) }));
    const { plan, text } = await planAgainst(fulls, "2026-11-24 11:00");
    expect(plan.restorable).toBe(false);
    expect(plan.points_before?.map((p) => p.base.id)).toEqual([fulls[1]!.id, fulls[0]!.id]);
    expect(plan.points_after?.map((p) => p.base.id)).toEqual([fulls[2]!.id, fulls[3]!.id]);
    expect(text.split("\n").slice(1)).toEqual([
      "Restorable before: 2026-11-24 08:01:00 UTC (full of 2026-11-24 08:01:00 UTC); 2026-11-24 02:01:00 UTC (full of 2026-11-24 02:01:00 UTC)",
      "Restorable after: 2026-11-24 14:01:00 UTC (full of 2026-11-24 14:01:00 UTC); 2026-11-24 20:01:00 UTC (full of 2026-11-24 20:01:00 UTC)",
      "Each is an exact point; pass one as target_time for its chain.",
    ]);
  });
});
