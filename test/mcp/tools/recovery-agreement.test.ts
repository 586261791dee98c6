/**
 * One recovery model, many views: plan_restore's "latest", create_restore's
 * "latest" (what the drill restores), list_services' last_restorable and the
 * audit's rpo point name the same moment, to the second, on every service of
 * the demo and of a hand-built account the emulator never made: incrementals
 * on a failed full, binlogs after a 6-hour hole, a record dated 20 days in
 * the future, incrementals that name no base.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { fakeApiTest, harnessTest } from "../../helpers/fixtures.js";
import { structured, textOf } from "../../helpers/harness.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

type Call = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

interface Views {
  plan: string | undefined;
  audit: string | undefined;
  services: string | undefined;
}

/** The newest restorable point of every service, as three tools each name it. */
async function pointsByView(call: Call, now: Date): Promise<Map<string, Views>> {
  const listing = structured<{
    services: { service_id: string; last_restorable?: { time: string } }[];
  }>(await call("list_services"));
  const audit = structured<{
    services: { service_id: string; last_restorable?: { time: string; age_hours: number } }[];
  }>(await call("audit_backups", { lookback_days: 30 }));
  const views = new Map<string, Views>();
  for (const service of listing.services) {
    const plan = structured<{ restorable: boolean; point?: string }>(
      await call("plan_restore", { service_id: service.service_id, target_time: "latest" }),
    );
    const audited = audit.services.find((s) => s.service_id === service.service_id);
    // No age is ever negative: nothing from the future is a point.
    if (audited?.last_restorable)
      expect(audited.last_restorable.age_hours).toBeGreaterThanOrEqual(0);
    const planned = plan.restorable ? plan.point : undefined;
    if (planned !== undefined) expect(Date.parse(planned)).toBeLessThanOrEqual(now.getTime());
    views.set(service.service_id, {
      plan: planned,
      audit: audited?.last_restorable?.time,
      services: service.last_restorable?.time,
    });
  }
  return views;
}

function expectAgreement(views: Map<string, Views>): number {
  let compared = 0;
  for (const [id, v] of views) {
    expect({ id, audit: v.audit, services: v.services }).toEqual({
      id,
      audit: v.plan,
      services: v.plan,
    });
    compared += 1;
  }
  return compared;
}

describe("the demo: every view names the same newest point", () => {
  harnessTest("plan_restore, list_services, the audit and create_restore agree", async ({ h }) => {
    const now = new Date();
    const views = await pointsByView(h.call, now);
    expect(expectAgreement(views)).toBeGreaterThanOrEqual(8);
    // create_restore (and so the drill, which calls it) restores to the same point.
    let previews = 0;
    for (const [id, v] of views) {
      if (v.plan === undefined || id === SCENARIOS.restoreTarget) continue;
      const preview = await h.call("create_restore", {
        source_service_id: id,
        target_time: "latest",
        target_service_id: SCENARIOS.restoreTarget,
      });
      // A source the target cannot take (another cloud, no window) is refused with its reason.
      if (preview.isError) {
        expect(textOf(preview)).toMatch(/cannot take this restore/);
        continue;
      }
      const source = structured<{ source?: { point?: string } }>(preview).source;
      expect({ id, point: source?.point }).toEqual({ id, point: v.plan });
      previews += 1;
    }
    expect(previews).toBeGreaterThan(0);
  });
});

const NOW = Date.parse("2026-11-26T12:00:00Z");
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const point = (ms: number) => iso(ms).replace("T", " ").replace("Z", "");
let seq = 0;
function backup(service: string, type: string, ms: number, extra: Record<string, unknown> = {}) {
  seq += 1;
  return {
    id: `${seq.toString(16).padStart(32, "0")}:${service}:pod-0`,
    service_id: service,
    service_name: service.slice(0, 8),
    type,
    status: "Succeeded",
    start_time: iso(ms - 60_000),
    end_time: iso(ms),
    point_in_time: point(ms),
    backup_size: 1_000_000,
    ...extra,
  };
}

/** Hourly binlogs from `from` to `to` (inclusive), with consecutive file numbers. */
function binlogs(service: string, from: number, to: number, firstFile = 100) {
  const out = [];
  for (let t = from, n = firstFile; t <= to; t += HOUR, n += 1)
    out.push(
      backup(service, "binarylog", t, { binlog_file: `mariadb-bin.${String(n).padStart(6, "0")}` }),
    );
  return out;
}

const FAILED_FULL = "dbfai00000001";
const HOLE = "dbhol00000002";
const FUTURE = "dbfut00000003";
const UNNAMED = "dbunn00000004";
const HEALTHY = "dbhea00000005";
const RESTORED = "dbres00000006";
/** When a restore from another service replaced RESTORED's data. */
const RESTORED_AT = NOW - 14 * HOUR;

function handBuiltAccount() {
  const failedFull = {
    ...backup(FAILED_FULL, "full", NOW - 11 * HOUR),
    status: "Failed",
  };
  const goodFull = backup(FAILED_FULL, "full", NOW - 35 * HOUR);
  const unnamedFull = backup(UNNAMED, "full", NOW - 30 * HOUR);
  return [
    // A full 35h ago succeeded, today's failed; incrementals since name the failed one.
    goodFull,
    failedFull,
    ...[10, 6, 1].map((h) =>
      backup(FAILED_FULL, "incremental", NOW - h * HOUR, { reference_full_backup: failedFull.id }),
    ),
    // A full 24h ago, binlogs to 18h ago, a 6-hour hole, then binlogs to 1h ago.
    backup(HOLE, "full", NOW - 24 * HOUR),
    ...binlogs(HOLE, NOW - 25 * HOUR, NOW - 18 * HOUR, 100),
    ...binlogs(HOLE, NOW - 11 * HOUR, NOW - HOUR, 120),
    // Backups stopped 3 days ago; one record claims 20 days from now.
    backup(FUTURE, "full", NOW - 72 * HOUR),
    backup(FUTURE, "full", NOW + 20 * 24 * HOUR),
    // Its point looks recent, but it started a month from now: as much from the future.
    backup(FUTURE, "full", NOW - 2 * HOUR, { start_time: iso(NOW + 30 * 24 * HOUR) }),
    // Incrementals with no named base after a good full: built on it.
    unnamedFull,
    ...[20, 12, 3].map((h) => backup(UNNAMED, "incremental", NOW - h * HOUR)),
    // A full 30h ago and consecutive binlogs to 1h ago, but a restore 10h ago replaced the
    // data: the binlogs after it are a new timeline no base of it starts.
    backup(RESTORED, "full", NOW - 30 * HOUR),
    ...binlogs(RESTORED, NOW - 31 * HOUR, NOW - HOUR, 300),
    // Healthy: a nightly full and hourly binlogs since.
    backup(HEALTHY, "full", NOW - 10 * HOUR),
    ...binlogs(HEALTHY, NOW - 11 * HOUR, NOW - HOUR),
  ];
}

describe("a hand-built account: the views agree, and the record-based traps are gone", () => {
  fakeApiTest("every view names the same point; no false all-clear", async ({ againstFake }) => {
    const account = fakeAccount({ backups: handBuiltAccount(), honourServiceFilter: true });
    const restoreInto = {
      id: 7,
      service_id: RESTORED,
      backup_id: `${"ab".repeat(16)}:${HEALTHY}:pod-0`,
      status: "Succeeded",
      created_at: iso(RESTORED_AT),
      updated_at: iso(RESTORED_AT + HOUR),
    };
    const fake = await againstFake(
      (req, res) => {
        const url = new URL(req.url ?? "/", "http://fake");
        if (!url.pathname.endsWith("/restores")) return account(req, res);
        const restores = url.searchParams.get("service_id") === RESTORED ? [restoreInto] : [];
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ restores, restores_count: restores.length, pages_count: 1 }));
      },
      { now: () => new Date(NOW) },
    );
    const views = await pointsByView(fake.call, new Date(NOW));
    // list_services' last success follows the same future rule as the model.
    const listed = structured<{
      services: { service_id: string; last_success?: { time: string } }[];
    }>(await fake.call("list_services"));
    expect(listed.services.find((s) => s.service_id === FUTURE)?.last_success?.time).toBe(
      iso(NOW - 72 * HOUR),
    );
    expect(expectAgreement(views)).toBe(6);
    const at = (id: string) => views.get(id)?.plan;
    // Incrementals on the failed full restore nothing: the good full 35h ago is the point.
    expect(at(FAILED_FULL)).toBe(iso(NOW - 35 * HOUR));
    // Binlogs after the hole carry nothing across it.
    expect(at(HOLE)).toBe(iso(NOW - 18 * HOUR));
    // The future record is no point.
    expect(at(FUTURE)).toBe(iso(NOW - 72 * HOUR));
    expect(at(UNNAMED)).toBe(iso(NOW - 3 * HOUR));
    expect(at(HEALTHY)).toBe(iso(NOW - HOUR));
    // No binlog joins across the restore: the old timeline ends the hour before it.
    expect(at(RESTORED)).toBe(iso(RESTORED_AT - HOUR));

    const audit = structured<{
      findings: { service_id: string; kind: string; message: string }[];
      services: { service_id: string; controls: { rpo: string } }[];
    }>(await fake.call("audit_backups", { max_age_hours: 12 }));
    const rpo = (id: string) => audit.services.find((s) => s.service_id === id)?.controls.rpo;
    expect([FAILED_FULL, HOLE, FUTURE].map(rpo)).toEqual(["fail", "fail", "fail"]);
    expect([UNNAMED, HEALTHY].map(rpo)).toEqual(["pass", "pass"]);
    const future = audit.findings.find((f) => f.service_id === FUTURE && f.kind === "future_time");
    expect(future?.message).toMatch(/^2 backups are dated in the future .*dated 2026-12-26/);
    // The healthy service gets no recovery-point finding (its schedules are not served here).
    const recovery = (id: string) =>
      audit.findings.filter(
        (f) => f.service_id === id && ["stale", "future_time"].includes(f.kind),
      );
    expect(recovery(HEALTHY)).toEqual([]);
    expect(recovery(UNNAMED)).toEqual([]);
    const stale = audit.findings.find((f) => f.service_id === FAILED_FULL && f.kind === "stale");
    expect(stale?.message).toMatch(/^Restorable only to [^(]*\(35h old\).*The newer incremental/);
    const over = audit.findings.find(
      (f) => f.service_id === RESTORED && f.kind === "restored_over",
    );
    expect(over?.message).toMatch(
      /^Replaced 2026-11-25 22:00 UTC by restore #7 from a backup of dbhea00000005/,
    );
    expect(rpo(RESTORED)).toBe("fail");
    const hole = audit.findings.find((f) => f.service_id === HOLE && f.kind === "stale");
    expect(hole?.message).toMatch(/^Restorable only to [^(]*\(18h old\).*The newer binarylog/);
  });
});
