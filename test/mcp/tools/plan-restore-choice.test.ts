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
import { DAY, HOUR, NOW, backup, binlogs, rfc } from "../../helpers/backups.js";

const SERVICE = "dbaaa00000001";
const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;

interface Nearby {
  point: string;
  base: { id: string; type?: string; point_in_time?: string };
  range?: { from: string; to: string; to_latest?: boolean };
  incrementals?: number;
  binlogs?: number;
}

interface Plan {
  restorable: boolean;
  latest?: boolean;
  target_time?: string;
  chain: Array<{ role: string; id: string }>;
  long_restore?: string;
  base_choice?: string;
  latest_age_hours?: number;
  points_before?: Nearby[];
  points_after?: Nearby[];
}

/** A nearby point reached by a full alone, at the full's own point (backup() puts it a minute in). */
const exactFull = (full: Backup): Nearby => {
  const point = rfc(Date.parse(full.start_time!) + 60_000);
  return {
    point,
    base: { id: full.id!, type: "full", point_in_time: point },
    incrementals: 0,
    binlogs: 0,
  };
};

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
    const { plan } = await planAgainst(
      [dump, full, inc3, inc8, ...logs],
      "2026-11-24T14:00:00.000Z",
    );
    expect(plan.chain.map((s) => s.id)).toEqual([
      full.id,
      inc3.id,
      inc8.id,
      ...logs.slice(9, 15).map((b) => b.id),
    ]);
    expect(plan).toMatchObject({
      restorable: true,
      latest: false,
      target_time: "2026-11-24T14:00:00Z",
    });
    expect(plan).not.toHaveProperty("long_restore");
  });

  it("a day and a half of binlogs on one full is a long restore, and says so", async () => {
    const full = backup({ type: "full", at: at(0) });
    const { plan } = await planAgainst([full, ...binlogs(at(0), at(50))], "latest");
    expect(plan.chain).toHaveLength(51);
    expect(plan.long_restore).toBe(
      "long restore: 50 binary logs (50h of changes) to replay; a newer full backup would shorten it",
    );
  });

  it("no binlogs: the nearest exact points with their bases, not ranges", async () => {
    const fulls = [2, 8, 14, 20].map((h) => backup({ type: "full", at: at(h) }));
    const { plan, text } = await planAgainst(fulls, "2026-11-24 11:00");
    expect(plan.restorable).toBe(false);
    // Exact points (no range), each a full's own point, nearest first.
    expect(plan.points_before).toEqual([exactFull(fulls[1]!), exactFull(fulls[0]!)]);
    expect(plan.points_after).toEqual([exactFull(fulls[2]!), exactFull(fulls[3]!)]);
    // How to use them is said in words only.
    expect(text.split("\n").at(-1)).toBe(
      "Each is an exact point; pass one as target_time for its chain.",
    );
  });

  it("latest 18 days old: the age in the verdict, a warning, latest_age_hours", async () => {
    const full = backup({ type: "full", at: NOW - 18 * DAY - 10 * HOUR });
    const { plan, text } = await planAgainst([full], "latest");
    expect(plan).toMatchObject({
      restorable: true,
      latest: true,
      target_time: rfc(Date.parse(full.start_time!) + 60_000),
      latest_age_hours: 442,
    });
    // The warning is the text's own.
    expect(text.split("\n")[1]).toBe(
      "Warning: the latest restorable point is 18.4 days old (over 26h): everything written since is lost.",
    );
  });

  it("after a binlog gap: any moment from the first point on, not 3 separate points", async () => {
    const full = backup({ type: "full", at: at(2) });
    const incs = [17, 19, 21].map((h) => backup({ type: "incremental", at: at(h), ref: full.id }));
    const logs = [...binlogs(at(0), at(10)), ...binlogs(at(16), at(23))];
    const { plan } = await planAgainst([full, ...incs, ...logs], "2026-11-24 13:00");
    expect(plan.restorable).toBe(false);
    const base = { id: full.id, type: "full", point_in_time: "2026-11-24T02:01:00Z" };
    // One stretch on each side, each with the chain that reaches its point.
    expect(plan.points_after).toEqual([
      {
        point: "2026-11-24T17:01:00Z",
        range: { from: "2026-11-24T17:01:00Z", to: "2026-11-24T23:00:00Z", to_latest: true },
        base,
        incrementals: 1,
        binlogs: 0,
      },
    ]);
    expect(plan.points_before).toEqual([
      {
        point: "2026-11-24T10:00:00Z",
        range: { from: "2026-11-24T02:01:00Z", to: "2026-11-24T10:00:00Z", to_latest: false },
        base,
        incrementals: 0,
        binlogs: 8,
      },
    ]);
  });

  it("a physical full + 3 binlogs over a dump + 2 binlogs, with the reason in a note", async () => {
    const full = backup({ type: "full", at: at(2) });
    const dump = backup({ type: "dump", at: at(3) });
    const logs = binlogs(at(0), at(10));
    const { plan } = await planAgainst([dump, full, ...logs], "2026-11-24T04:30:00Z");
    expect(plan.chain.map((s) => s.id)).toEqual([full.id, ...logs.slice(3, 6).map((b) => b.id)]);
    expect(plan.base_choice).toBe(
      "a dump would need fewer steps (3, not 4), but reloading it is slower than restoring a physical full",
    );
  });
});
