/**
 * plan_restore's nearby points over MCP against a hand-built upstream (issue
 * 17): each stretch is described with the base a restore to its moments
 * uses, never a full newer than the stretch's start, and plan_restore with
 * any moment of the stretch as target_time gives that base (and, for the
 * moment shown, that chain). Several fulls inside one binlog coverage, a
 * 0-byte full, a restore into the service that breaks the timeline, and a
 * healthy service whose one stretch stays whole.
 */
import { expect } from "vitest";
import type { Backup } from "../../../src/api/records.js";
import { DAY, HOUR, NOW, backup, binlogs, rfc } from "../../helpers/backups.js";
import { fakeAccount, json, type FakeHandler } from "../../helpers/fake-api.js";
import type { FakeConnection } from "../../helpers/fake-client.js";
import { fakeApiTest } from "../../helpers/fixtures.js";
import { structured } from "../../helpers/harness.js";

const SERVICE = "dbaaa00000001";
const D = NOW - 2 * DAY - 12 * HOUR; // 2026-11-24 00:00 UTC
const at = (hours: number): number => D + hours * HOUR;
/** A full's point: backup() puts it a minute after the start. */
const pointOf = (hours: number): string => rfc(at(hours) + 60_000);

interface Nearby {
  point: string;
  range?: { from: string; to: string; to_latest: boolean };
  base: { id: string; point_in_time: string };
  incrementals: number;
  binlogs: number;
  suspect_base?: true;
}

interface Plan {
  restorable: boolean;
  chain: Array<{ role: string; id: string }>;
  reason?: { kind: string };
  suspect_base?: { message: string; unavoidable: boolean; bases: Array<{ backup_id: string }> };
  points_before?: Nearby[];
  points_after?: Nearby[];
}

/** An account of SERVICE's backups; `restoredAt` adds a restore into it at that moment. */
function account(backups: Backup[], restoredAt?: number): FakeHandler {
  const listing = fakeAccount({ backups });
  const restores =
    restoredAt === undefined
      ? []
      : [{ id: 9, service_id: SERVICE, status: "Succeeded", created_at: rfc(restoredAt) }];
  return (req, res) => {
    if (!new URL(req.url ?? "/", "http://fake").pathname.endsWith("/restores"))
      return listing(req, res);
    json(res, 200, { restores, restores_count: restores.length, pages_count: 1 });
  };
}

async function plan(fake: FakeConnection, target_time: string) {
  const result = await fake.call("plan_restore", { service_id: SERVICE, target_time });
  return { plan: structured<Plan>(result) };
}

const sized = (b: Backup, bytes: number): Backup => ({ ...b, backup_size: bytes });

/**
 * Every listed stretch names a base at or before its first moment, and
 * plan_restore agrees: at its first, middle and last moment the plan's
 * base is the one named; at the moment shown, so is the whole chain.
 */
async function expectAgreement(fake: FakeConnection, nearby: Nearby[]): Promise<void> {
  for (const p of nearby) {
    const from = p.range?.from ?? p.point;
    const to = p.range?.to ?? p.point;
    expect(Date.parse(p.base.point_in_time)).toBeLessThanOrEqual(Date.parse(from));
    const middle = rfc(Math.floor((Date.parse(from) + Date.parse(to)) / 2000) * 1000);
    for (const moment of [from, middle, to]) {
      const { plan: exact } = await plan(fake, moment);
      expect({ moment, restorable: exact.restorable, base: exact.chain[0]?.id }).toEqual({
        moment,
        restorable: true,
        base: p.base.id,
      });
    }
    const { plan: shown } = await plan(fake, p.point);
    const roles = shown.chain.map((s) => s.role);
    expect(roles.filter((r) => r === "incremental")).toHaveLength(p.incrementals);
    expect(roles.filter((r) => r === "binlog")).toHaveLength(p.binlogs);
    expect(shown.suspect_base?.unavoidable === true).toBe(p.suspect_base === true);
  }
}

const summary = (points: Nearby[] | undefined) =>
  points?.map((p) => [p.range?.from ?? p.point, p.range?.to ?? p.point, p.base.id]);

/** Per stretch: the incrementals and binlogs of the chain to its point, and whether it runs on to the latest. */
const chains = (points: Nearby[] | undefined) =>
  points?.map((p) => [p.incrementals, p.binlogs, p.range?.to_latest]);

fakeApiTest(
  "fulls inside one binlog coverage: each stretch is cut at the next full and names its own",
  async ({ againstFake }) => {
    const fulls = [2, 8, 14].map((h) => backup({ type: "full", at: at(h) }));
    const [f2, f8, f14] = fulls.map((f) => f.id);
    const fake = await againstFake(account([...fulls, ...binlogs(at(0), at(20))]), {
      now: () => new Date(NOW),
    });
    // After the last binlog: before it, newest first, each stretch from its own full.
    const { plan: late } = await plan(fake, rfc(at(22)));
    expect(late.reason?.kind).toBe("binlogs_end");
    expect(summary(late.points_before)).toEqual([
      [pointOf(14), rfc(at(20)), f14],
      [pointOf(8), rfc(at(14) + 59_000), f8],
      [pointOf(2), rfc(at(8) + 59_000), f2],
    ]);
    expect(chains(late.points_before)).toEqual([
      [0, 6, true],
      [0, 7, false],
      [0, 7, false],
    ]);
    await expectAgreement(fake, late.points_before ?? []);
    // Before the first full: after it, oldest first, the last one running on.
    const { plan: early } = await plan(fake, rfc(at(1)));
    expect(early.reason?.kind).toBe("no_base");
    expect(summary(early.points_after)).toEqual([
      [pointOf(2), rfc(at(8) + 59_000), f2],
      [pointOf(8), rfc(at(14) + 59_000), f8],
      [pointOf(14), rfc(at(20)), f14],
    ]);
    // Each shown at its own full's point: the full alone, no binlog yet.
    expect(chains(early.points_after)).toEqual([
      [0, 0, false],
      [0, 0, false],
      [0, 0, true],
    ]);
    expect(early.points_after?.map((p) => p.point)).toEqual([pointOf(2), pointOf(8), pointOf(14)]);
    await expectAgreement(fake, early.points_after ?? []);
  },
);

fakeApiTest(
  "a 0-byte full is passed over for the stretch after it; where only it reaches, it is named suspect",
  async ({ againstFake }) => {
    const good = sized(backup({ type: "full", at: at(2) }), 1e9);
    const empty = sized(backup({ type: "full", at: at(8) }), 0);
    const next = sized(backup({ type: "full", at: at(14) }), 1e9);
    const fake = await againstFake(account([good, empty, next, ...binlogs(at(0), at(20))]), {
      now: () => new Date(NOW),
    });
    const { plan: late } = await plan(fake, rfc(at(22)));
    // The full of 02:01 carries on through 08:01 to the next trusted full: the 0-byte one is no base.
    expect(summary(late.points_before)).toEqual([
      [pointOf(14), rfc(at(20)), next.id],
      [pointOf(2), rfc(at(14) + 59_000), good.id],
    ]);
    await expectAgreement(fake, late.points_before ?? []);

    // Binlogs lost 06:00-10:00: after the gap only a 0-byte full reaches, and the point says so.
    const emptyAfter = sized(backup({ type: "full", at: at(12) }), 0);
    const gapped = [good, emptyAfter, ...binlogs(at(0), at(6)), ...binlogs(at(10), at(20))];
    const fake2 = await againstFake(account(gapped), { now: () => new Date(NOW) });
    const { plan: inGap } = await plan(fake2, rfc(at(7)));
    expect(inGap.reason?.kind).toBe("binlog_gap");
    expect(inGap.points_after).toEqual([
      {
        point: pointOf(12),
        range: { from: pointOf(12), to: rfc(at(20)), to_latest: true },
        base: { id: emptyAfter.id, type: "full", point_in_time: pointOf(12) },
        incrementals: 0,
        binlogs: 0,
        suspect_base: true,
      },
    ]);
    await expectAgreement(fake2, [...(inGap.points_before ?? []), ...(inGap.points_after ?? [])]);
  },
);

fakeApiTest(
  "latest never uses a 0-byte full that an older trusted chain reaches past",
  async ({ againstFake }) => {
    const good = sized(backup({ type: "full", at: at(2) }), 1e9);
    const empty = sized(backup({ type: "full", at: at(14) }), 0);
    const fake = await againstFake(account([good, empty, ...binlogs(at(0), at(20))]), {
      now: () => new Date(NOW),
    });
    const { plan: latest } = await plan(fake, "latest");
    expect(latest.chain[0]?.id).toBe(good.id);
    expect(latest.chain).toHaveLength(1 + 18);
    expect(latest.suspect_base).toMatchObject({
      message: `passed over a suspect base: full of 2026-11-24 14:01 UTC (id=${empty.id}) is 0 B; using the full of 2026-11-24 02:01 UTC instead`,
      unavoidable: false,
      bases: [{ backup_id: empty.id }],
    });
  },
);

fakeApiTest(
  "a restore into the service: no stretch crosses it, each names a base of its own timeline",
  async ({ againstFake }) => {
    const fulls = [2, 6, 12].map((h) => backup({ type: "full", at: at(h) }));
    const [f2, f6, f12] = fulls.map((f) => f.id);
    const fake = await againstFake(
      account([...fulls, ...binlogs(at(0), at(20))], at(9) + 30 * 60_000),
      { now: () => new Date(NOW) },
    );
    const { plan: between } = await plan(fake, rfc(at(10) + 30 * 60_000));
    expect(between.restorable).toBe(false);
    // The old timeline's logs end at 09:00; the new one has no base until the full of 12:01.
    expect(summary(between.points_before)).toEqual([
      [pointOf(6), rfc(at(9)), f6],
      [pointOf(2), rfc(at(6) + 59_000), f2],
    ]);
    expect(summary(between.points_after)).toEqual([[pointOf(12), rfc(at(20)), f12]]);
    await expectAgreement(fake, [
      ...(between.points_before ?? []),
      ...(between.points_after ?? []),
    ]);
  },
);

fakeApiTest("a healthy service: one full's stretch stays whole", async ({ againstFake }) => {
  const full = backup({ type: "full", at: at(2) });
  const inc = backup({ type: "incremental", at: at(8), ref: full.id });
  const fake = await againstFake(account([full, inc, ...binlogs(at(0), at(20))]), {
    now: () => new Date(NOW),
  });
  const { plan: late } = await plan(fake, rfc(at(22)));
  expect(late.points_before).toEqual([
    {
      point: rfc(at(20)),
      range: { from: pointOf(2), to: rfc(at(20)), to_latest: true },
      base: { id: full.id, type: "full", point_in_time: pointOf(2) },
      incrementals: 1,
      binlogs: 12,
    },
  ]);
  await expectAgreement(fake, late.points_before ?? []);
});
