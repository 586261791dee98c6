/**
 * plan_restore over MCP against a hand-written upstream the emulator did not
 * generate: the chain a DBA would choose, a long chain said to be long, and
 * exact points when binary logs cannot reach the target.
 */
import { describe, expect, it } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import type { Backup } from "../../../src/api/records.js";
import { DAY, HOUR, NOW, backup, binlogs } from "../../helpers/backups.js";

const SERVICE = "dbaaa00000001";
const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;

interface Plan {
  restorable: boolean;
  chain: Array<{ role: string; id: string }>;
  long_restore?: string;
  base_choice?: string;
  latest_age_hours?: number;
  points_before?: Array<{
    point: string;
    base: { id: string };
    range?: { from: string; to: string };
  }>;
  points_after?: Array<{
    point: string;
    base: { id: string };
    range?: { from: string; to: string };
  }>;
}

async function planAgainst(backups: Backup[], target_time: string) {
  const result = await callAgainstFake(
    fakeAccount({ backups }),
    "plan_restore",
    { service_id: SERVICE, target_time },
    { now: () => new Date(NOW) },
  );
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

  it("latest 18 days old: the age in the verdict, a warning, latest_age_hours", async () => {
    const full = backup({ type: "full", at: NOW - 18 * DAY - 10 * HOUR });
    const { plan, text } = await planAgainst([full], "latest");
    expect(plan.latest_age_hours).toBe(442);
    const lines = text.split("\n");
    expect(lines[0]).toContain("(the latest restorable point, 18.4 days old)");
    expect(lines[1]).toBe(
      "Warning: the latest restorable point is 18.4 days old (over 26h): everything written since is lost.",
    );
  });

  it("after a binlog gap: any moment from the first point on, not 3 separate points", async () => {
    const full = backup({ type: "full", at: at(2) });
    const incs = [17, 19, 21].map((h) => backup({ type: "incremental", at: at(h), ref: full.id }));
    const logs = [...binlogs(at(0), at(10)), ...binlogs(at(16), at(23))];
    const { plan, text } = await planAgainst([full, ...incs, ...logs], "2026-11-24 13:00");
    expect(plan.restorable).toBe(false);
    expect(plan.points_after).toHaveLength(1);
    expect(plan.points_after?.[0]?.range).toMatchObject({
      from: "2026-11-24T17:01:00Z",
      to: "2026-11-24T23:00:00Z",
    });
    expect(text).toContain(
      "Restorable after: any moment from 2026-11-24 17:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental) on, through binary logs\n",
    );
    expect(text).toContain(
      "Restorable before: any moment from 2026-11-24 02:01:00 UTC to 2026-11-24 10:00:00 UTC (full of 2026-11-24 02:01:00 UTC + 8 binlogs), through binary logs\n",
    );
  });

  it("a physical full + 3 binlogs over a dump + 2 binlogs, with the reason in a note", async () => {
    const full = backup({ type: "full", at: at(2) });
    const dump = backup({ type: "dump", at: at(3) });
    const logs = binlogs(at(0), at(10));
    const { plan, text } = await planAgainst([dump, full, ...logs], "2026-11-24T04:30:00Z");
    expect(plan.chain.map((s) => s.id)).toEqual([full.id, ...logs.slice(3, 6).map((b) => b.id)]);
    expect(plan.base_choice).toContain("a dump would need fewer steps (3, not 4)");
    expect(text.split("\n").at(-1)).toBe(
      "Note: a dump would need fewer steps (3, not 4), but reloading it is slower than restoring a physical full.",
    );
  });
});
