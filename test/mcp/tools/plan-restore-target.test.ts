/**
 * plan_restore with target_service_id: eligibility from the lookup, the
 * source itself, what a restore would do, a restore already running there,
 * scope and unknown ids; and an API without the restore endpoints, where
 * the plan still answers and says what it could not check.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { fakeAccount, json } from "../../helpers/fake-api.js";
import { fakeApiTest, testWithHarness } from "../../helpers/fixtures.js";
import { structured, textOf, type Harness } from "../../helpers/harness.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const SOURCE = SCENARIOS.healthy; // orders-prod, gcp
const SCRATCH = SCENARIOS.restoreTarget; // scratch-restore, gcp
const OTHER_CLOUD = SCENARIOS.stopped; // billing-prod, aws

interface Target {
  service_id: string;
  service_name?: string;
  is_source: boolean;
  eligible?: boolean;
  running_restores?: { id?: number; backup_id?: string }[];
  effects: string[];
  notes?: string[];
  ready: boolean;
}
interface Plan {
  restorable: boolean;
  chain: { id: string }[];
  target?: Target;
}

const it = testWithHarness({ now: () => NOW });

async function plan(h: Harness, args: Record<string, unknown>) {
  const result = await h.call("plan_restore", {
    service_id: SOURCE,
    target_time: "latest",
    ...args,
  });
  return { result, plan: structured<Plan>(result), text: textOf(result) };
}

describe("plan_restore target_service_id against the demo", () => {
  it("an eligible scratch service: eligible, ready, with what a restore would do to it", async ({
    h,
  }) => {
    const { plan: p } = await plan(h, { target_service_id: SCRATCH });
    expect(p.restorable).toBe(true);
    expect(p.target).toMatchObject({
      service_id: SCRATCH,
      service_name: "scratch-restore",
      is_source: false,
      eligible: true,
      running_restores: [],
      ready: true,
    });
    expect(p.target?.effects).toEqual([
      'erases all data in "scratch-restore"',
      "stops it while restoring",
      `replaces its login with the credentials of the source ${SOURCE}`,
    ]);
    expect(p.target?.notes).toBeUndefined();
  });

  it("a service on another cloud is not eligible and not ready", async ({ h }) => {
    const { plan: p } = await plan(h, { target_service_id: OTHER_CLOUD });
    expect(p.target).toMatchObject({
      service_id: OTHER_CLOUD,
      is_source: false,
      eligible: false,
      running_restores: [],
      ready: false,
    });
  });

  it("the source itself: says a restore overwrites it and needs overwrite_source", async ({
    h,
  }) => {
    const { plan: p, text } = await plan(h, { target_service_id: SOURCE });
    expect(p.target).toMatchObject({ service_id: SOURCE, is_source: true, eligible: true });
    // What create_restore then needs is said in words only.
    expect(text).toContain("overwrite_source: true");
  });

  it("an unknown target is refused with the plain unknown-service message", async ({ h }) => {
    const result = await h.call("plan_restore", {
      service_id: SOURCE,
      target_time: "latest",
      target_service_id: "dbzzz00000000",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no backups or schedules are known for dbzzz00000000/);
    expect(textOf(result)).toMatch(/target_service_id must be an existing service/);
  });

  it("a restore running on the target is named; the target is not ready", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => NOW });
    const run = h.emulator.state.restores.add({
      serviceId: SCRATCH,
      serviceName: "scratch-restore",
      backupId: `${"a".repeat(32)}:${SCENARIOS.binlogGap}:pod-0`,
      bucket: "gs://bucket/x",
      type: "physical",
      createdMs: NOW.getTime() - 10 * 60_000,
      endsMs: NOW.getTime() + 60 * 60_000,
      outcome: { status: "Succeeded" },
    });
    const { plan: p } = await plan(h, { target_service_id: SCRATCH });
    expect(p.target).toMatchObject({ eligible: true, ready: false });
    expect(p.target?.running_restores).toEqual([
      {
        id: run.id,
        backup_id: `${"a".repeat(32)}:${SCENARIOS.binlogGap}:pod-0`,
        created_at: new Date(NOW.getTime() - 10 * 60_000).toISOString().replace(".000Z", "Z"),
      },
    ]);
  });

  it("without target_service_id the answer has no target part", async ({ h }) => {
    const { plan: p } = await plan(h, {});
    expect(p.restorable).toBe(true);
    expect(p).not.toHaveProperty("target");
  });
});

describe("plan_restore target_service_id and scope", () => {
  it("a target outside --services is refused before any request", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => NOW, scope: [SOURCE] });
    const before = h.emulator.state.restores.all.length;
    const result = await h.call("plan_restore", {
      service_id: SOURCE,
      target_time: "latest",
      target_service_id: SCRATCH,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/target dbgsr10358824 is outside this server's scope/);
    expect(h.emulator.state.restores.all.length).toBe(before);
  });
});

const KEY = `${"b".repeat(32)}:dbsrc00000001:pod-0`;
const account = fakeAccount({
  backups: [
    {
      id: KEY,
      service_id: "dbsrc00000001",
      type: "full",
      status: "Succeeded",
      start_time: "2026-11-26T02:00:00Z",
      end_time: "2026-11-26T02:10:00Z",
      point_in_time: "2026-11-26 02:09:00",
    },
  ],
});

describe("plan_restore target_service_id on an API without restore endpoints", () => {
  fakeApiTest(
    "the plan still answers; eligibility and running restores are unknown",
    async ({ againstFake }) => {
      const fake = await againstFake(
        (req, res) =>
          req.url?.includes("/restores")
            ? json(res, 404, { detail: "not found" })
            : account(req, res),
        { now: () => NOW },
      );
      const result = await fake.call("plan_restore", {
        service_id: "dbsrc00000001",
        target_time: "latest",
        target_service_id: "dbsrc00000001",
      });
      expect(result.isError).toBeFalsy();
      const p = structured<Plan>(result);
      expect(p.restorable).toBe(true);
      expect(p.target).toMatchObject({ is_source: true, ready: false });
      expect(p.target?.eligible).toBeUndefined();
      expect(p.target?.running_restores).toBeUndefined();
      expect(p.target?.notes).toHaveLength(2);
      expect(p.target?.notes?.[0]).toMatch(
        /^eligibility unknown: the target lookup failed \(.*404\)$/,
      );
      expect(p.target?.notes?.[1]).toMatch(/^its restores could not be read \(.*404\)/);
    },
  );
});
