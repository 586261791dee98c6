import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { structured, textOf, type Harness } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import { fakeAccount, json } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";

const warningsOf = (r: CallToolResult) => structured<{ warnings?: string[] }>(r).warnings ?? [];

describe("previews name what the service loses", () => {
  const scheduleOf = (h: Harness, service: string, type: string) =>
    [...h.emulator.state.schedules.values()].find(
      (s) => s.service_id === service && s.type === type,
    )!;
  const writes = (h: Harness) => h.emulator.requests.filter((r) => r.method !== "GET").length;

  it("deleting or suspending the only active binarylog schedule ends point-in-time recovery", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const binlog = scheduleOf(h, SCENARIOS.healthy, "binarylog");
    for (const [tool, args] of [
      ["delete_backup_schedule", { id: binlog.id }],
      ["update_backup_schedule", { id: binlog.id, suspended: true }],
      ["update_backup_schedule", { id: binlog.id, backup_type: "snapshot" }],
    ] as const) {
      const preview = await h.call(tool, args);
      expect(warningsOf(preview), tool).toEqual([
        `point-in-time recovery ends for ${SCENARIOS.healthy}: #${binlog.id} is its only active binarylog schedule, so no new binary logs will be backed up.`,
      ]);
    }
    // A second active binlog schedule keeps recovery going: no warning.
    const second = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "binarylog",
      schedule: "30 * * * *",
    });
    expect(second.isError, textOf(second)).toBeFalsy();
    const quiet = await h.call("delete_backup_schedule", { id: binlog.id });
    expect(warningsOf(quiet)).toEqual([]);
    expect(writes(h)).toBe(1);

    // The user agreed to a quiet preview; once the other binlog schedule is gone, the same
    // delete would end point-in-time recovery, which they never saw: the token is refused.
    const token = structured<{ confirmation_token: string }>(quiet).confirmation_token;
    h.emulator.state.schedules.delete(structured<{ id: number }>(second).id);
    const refused = await h.call("delete_backup_schedule", {
      id: binlog.id,
      confirmation_token: token,
    });
    expect(structured(refused)).toMatchObject({
      token_refused: "state_changed",
      deleted: false,
      confirmation_required: true,
    });
    expect(warningsOf(refused)).toEqual([
      `point-in-time recovery ends for ${SCENARIOS.healthy}: #${binlog.id} is its only active binarylog schedule, so no new binary logs will be backed up.`,
    ]);
    expect(h.emulator.state.schedules.has(binlog.id)).toBe(true);
    expect(writes(h)).toBe(1);
  });

  it("a weekly dump is no base for incrementals: deleting the only full still warns", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    // orders-prod: nightly full, 6-hourly incrementals, hourly binlogs and a weekly dump.
    const full = scheduleOf(h, SCENARIOS.healthy, "full");
    const incremental = scheduleOf(h, SCENARIOS.healthy, "incremental");
    expect(scheduleOf(h, SCENARIOS.healthy, "dump")).toMatchObject({
      type: "dump",
      suspended: false,
    });
    const preview = await h.call("delete_backup_schedule", { id: full.id });
    expect(warningsOf(preview)).toEqual([
      `#${full.id} is the only active full schedule of ${SCENARIOS.healthy}: incrementals (#${incremental.id}) build on a full, not on a dump or snapshot, so they are left without a base and restores depend on an ever older full.`,
    ]);
    expect(writes(h)).toBe(0);
  });

  it("removing, suspending or retyping the only base schedule leaves incrementals without a base", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    // inventory-prod: nightly full, 6-hourly incrementals, hourly binlogs; no dump.
    const full = scheduleOf(h, SCENARIOS.failing, "full");
    const incremental = scheduleOf(h, SCENARIOS.failing, "incremental");
    const expected = (incrementals: string) =>
      `#${full.id} is the only active full/snapshot/dump schedule of ${SCENARIOS.failing}: no new base backup will be made, so incrementals (${incrementals}) are left without a base and restores depend on an ever older full.`;
    for (const [tool, args, incrementals] of [
      ["delete_backup_schedule", { id: full.id }, `#${incremental.id}`],
      ["update_backup_schedule", { id: full.id, suspended: true }, `#${incremental.id}`],
      [
        "update_backup_schedule",
        { id: full.id, backup_type: "incremental" },
        `#${full.id}, #${incremental.id}`,
      ],
    ] as const) {
      expect(warningsOf(await h.call(tool, args)), `${tool} ${JSON.stringify(args)}`).toEqual([
        expected(incrementals),
      ]);
    }
    // Full to dump keeps a base for restores, but not for the incrementals, which need a full.
    expect(
      warningsOf(await h.call("update_backup_schedule", { id: full.id, backup_type: "dump" })),
    ).toEqual([
      `#${full.id} is the only active full schedule of ${SCENARIOS.failing}: incrementals (#${incremental.id}) build on a full, not on a dump or snapshot, so they are left without a base and restores depend on an ever older full.`,
    ]);
    expect(writes(h)).toBe(0);
  });

  it("a once backup while another backup of the service is running says so in its result", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = { service_id: SCENARIOS.healthy, backup_type: "full", schedule: "once" };
    const first = await h.call("create_backup_schedule", args);
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(warningsOf(first)).toEqual([]);
    const second = await h.call("create_backup_schedule", args);
    expect(second.isError, textOf(second)).toBeFalsy();
    expect(warningsOf(second)).toHaveLength(1);
    expect(warningsOf(second)[0]).toMatch(
      new RegExp(`^another backup of ${SCENARIOS.healthy} is already Running \\(full `),
    );
    // The check is a read made before the POST, never after it.
    const paths = h.emulator.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.at(-2)).toMatch(/^GET \/skybackup\/v1\/backups/);
    expect(paths.at(-1)).toMatch(/^POST /);
  });

  it("a running backup is read by the one status reading, not its exact spelling, and another service's is not this one's", async () => {
    const service = "dbrun00000001";
    const at = "2026-12-04T10:00:00Z";
    const backups = [
      { id: "b1", service_id: service, type: "full", status: "Succeeded", start_time: at },
      { id: "b2", service_id: "dbother000001", type: "full", status: "Running", start_time: at },
    ];
    const upstream = (running: string) =>
      callAgainstFake(
        (req, res) => {
          if (req.method === "POST") return json(res, 201, { id: 7, service_id: service });
          const url = new URL(req.url ?? "/", "http://fake");
          // The API's status filter is not trusted: it answers with every backup either way.
          const extra = url.searchParams.get("status")
            ? [
                {
                  id: "b3",
                  service_id: service,
                  type: "incremental",
                  status: running,
                  start_time: at,
                },
              ]
            : [];
          fakeAccount({ backups: [...backups, ...extra] })(req, res);
        },
        "create_backup_schedule",
        { service_id: service, backup_type: "full", schedule: "once" },
      );
    const inProgress = await upstream("In Progress");
    expect(inProgress.isError, textOf(inProgress)).toBeFalsy();
    expect(warningsOf(inProgress)).toEqual([
      `another backup of ${service} is already Running (incremental b3, started 2026-12-04 10:00 UTC); this one will queue behind it or compete with it for the server.`,
    ]);
    const done = await upstream("Succeeded");
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(warningsOf(done)).toEqual([]);
  });
});
