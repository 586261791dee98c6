import { describe, expect } from "vitest";
import type { ServiceInfo } from "../../../src/emulator/primitives.js";
import { callConfirmed, structured, textOf } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

interface Schedule {
  id: number;
  service_id: string;
  schedule: string;
  type: string;
  status: string;
  suspended?: boolean;
}

/** Moved by hand when a test lets time pass. */
let now = new Date("2026-11-20T12:00:00Z");
const it = testWithHarness({ now: () => now });

describe("backup schedule tools against the emulator", () => {
  let serviceId: string;
  it.beforeAll(({ h }) => {
    serviceId = h.emulator.state.services[0]!;
  });

  it("create -> get -> list -> update -> delete -> get 404", async ({ h }) => {
    const created = await h.call("create_backup_schedule", {
      service_id: serviceId,
      backup_type: "dump",
      schedule: "15 3 * * 1-5",
    });
    expect(created.isError).toBeFalsy();
    const schedule = structured<Schedule>(created);
    expect(schedule).toMatchObject({
      service_id: serviceId,
      type: "dump",
      schedule: "15 3 * * 1-5",
      status: "Scheduled",
      schedule_description: "at 03:15 UTC, Monday through Friday",
      // The injected clock is Friday 2026-11-20 12:00 UTC: next weekday runs are Mon, Tue, Wed.
      next_runs: ["2026-11-23T03:15:00Z", "2026-11-24T03:15:00Z", "2026-11-25T03:15:00Z"],
    });
    expect(Number.isInteger(schedule.id)).toBe(true);
    expect(textOf(created)).toContain(
      `Created schedule #${schedule.id} of ${serviceId}: dump backup "15 3 * * 1-5" (at 03:15 UTC, Monday through Friday), Scheduled; next 2026-11-23 03:15 UTC, 2026-11-24 03:15 UTC, 2026-11-25 03:15 UTC.`,
    );

    const got = await h.call("get_backup_schedule", { id: schedule.id });
    expect(structured<Schedule>(got)).toMatchObject({
      id: schedule.id,
      service_id: serviceId,
      type: "dump",
      schedule: "15 3 * * 1-5",
      schedule_description: "at 03:15 UTC, Monday through Friday",
      next_runs: ["2026-11-23T03:15:00Z", "2026-11-24T03:15:00Z", "2026-11-25T03:15:00Z"],
    });
    // get_backup_schedule's wording: the sentence create's is checked in full above.
    expect(textOf(got)).toContain(`Schedule #${schedule.id} of ${serviceId}: dump backup`);

    const listed = await h.call("list_backup_schedules", { service_id: serviceId, type: "dump" });
    const page = structured<{ schedules: Schedule[]; schedules_count: number }>(listed);
    expect(page.schedules.map((s) => s.id)).toContain(schedule.id);
    expect(page.schedules.every((s) => s.type === "dump")).toBe(true);
    expect(textOf(listed)).toContain(
      `#${schedule.id} dump "15 3 * * 1-5" (at 03:15 UTC, Monday through Friday) Scheduled · next 2026-11-23 03:15 UTC, 2026-11-24 03:15 UTC, 2026-11-25 03:15 UTC ${serviceId}`,
    );

    const updated = await callConfirmed(h.call, "update_backup_schedule", {
      id: schedule.id,
      schedule: "0 4 * * *",
      suspended: true,
    });
    expect(structured<Schedule>(updated)).toMatchObject({
      id: schedule.id,
      schedule: "0 4 * * *",
      schedule_description: "every day at 04:00 UTC",
      suspended: true,
      changed: true,
    });
    // Suspended: it makes no backups, so no next runs.
    expect(structured<Schedule & { next_runs: string[] }>(updated).next_runs).toEqual([]);

    const deleted = await callConfirmed(h.call, "delete_backup_schedule", { id: schedule.id });
    expect(structured(deleted)).toEqual({ id: schedule.id, deleted: true, service_id: serviceId });
    expect(textOf(deleted)).toContain(`Deleted backup schedule #${schedule.id}`);

    const gone = await h.call("get_backup_schedule", { id: schedule.id });
    expect(gone.isError).toBe(true);
    expect(textOf(gone)).toContain("404 Not Found");
    expect(textOf(gone)).toContain("list_backup_schedules");
  });

  it("says in which months a day 29-31 cron really fires", async ({ h }) => {
    const cases: [string, string, string][] = [
      [
        "0 4 31 * *",
        "on day 31 of the months that have one (7 a year) at 04:00 UTC",
        "2026-12-31T04:00:00Z",
      ],
      // The clock is 2026-11-20: the next February 29 is in 2028.
      [
        "0 2 29 2 *",
        "on February 29 at 02:00 UTC (leap years only; next 2028-02-29)",
        "2028-02-29T02:00:00Z",
      ],
    ];
    for (const [cron, words, first] of cases) {
      const created = await h.call("create_backup_schedule", {
        service_id: serviceId,
        backup_type: "full",
        schedule: cron,
      });
      const schedule = structured<Schedule & { schedule_description: string; next_runs: string[] }>(
        created,
      );
      expect(schedule).toMatchObject({ schedule: cron, type: "full", schedule_description: words });
      expect(schedule.next_runs[0]).toBe(first);
      await callConfirmed(h.call, "delete_backup_schedule", { id: schedule.id });
    }
  });

  it("a once schedule starts a backup, cannot be changed, and cannot be deleted while it runs (409)", async ({
    h,
  }) => {
    const created = structured<Schedule>(
      await h.call("create_backup_schedule", {
        service_id: serviceId,
        backup_type: "full",
        schedule: "once",
      }),
    );
    const running = await h.call("list_backups", { service_id: serviceId, status: "Running" });
    expect(structured<{ backups_count: number }>(running).backups_count).toBeGreaterThan(0);

    const patchesBefore = h.emulator.requests.filter((r) => r.method === "PATCH").length;
    const change = await h.call("update_backup_schedule", { id: created.id, backup_type: "dump" });
    expect(change.isError).toBe(true);
    expect(textOf(change)).toContain("one-time (once) and cannot be changed");
    expect(h.emulator.requests.filter((r) => r.method === "PATCH").length).toBe(patchesBefore);

    const conflict = await callConfirmed(h.call, "delete_backup_schedule", { id: created.id });
    expect(conflict.isError).toBe(true);
    expect(textOf(conflict)).toContain("409 Conflict");
    expect(textOf(conflict)).toContain("wait for it to finish");

    now = new Date(now.getTime() + 6 * 60 * 60 * 1000);
    const deleted = await callConfirmed(h.call, "delete_backup_schedule", { id: created.id });
    expect(deleted.isError).toBeFalsy();
  });

  it("warns only when a schedule of the same type fires in the same minute", async ({ h }) => {
    const full = [...h.emulator.state.schedules.values()].find(
      (s) => s.service_id === serviceId && s.schedule === "0 2 * * *" && s.type === "full",
    )!;
    const binlog = [...h.emulator.state.schedules.values()].find(
      (s) => s.service_id === serviceId && s.type === "binarylog",
    )!;
    // Saturday 02:00 meets the nightly full and the hourly binlog: other types, the normal pairing.
    const quiet = await h.call("create_backup_schedule", {
      service_id: serviceId,
      backup_type: "dump",
      schedule: "0 2 * * 6",
    });
    expect(quiet.isError, textOf(quiet)).toBeFalsy();
    expect(structured(quiet)).not.toHaveProperty("warnings");
    const dumpId = structured<Schedule>(quiet).id;

    // A second full at that minute competes with the nightly full.
    const created = await h.call("create_backup_schedule", {
      service_id: serviceId,
      backup_type: "full",
      schedule: "0 2 * * 6",
    });
    const warnings = structured<{ warnings: string[] }>(created).warnings;
    expect(warnings).toEqual([
      `schedule #${full.id} (full "0 2 * * *") also fires at 2026-11-21 02:00 UTC; consider a different minute.`,
    ]);
    expect(warnings.join(" ")).not.toContain(`#${binlog.id}`);
    const saturdayFull = structured<Schedule>(created).id;

    // Changing the dump's type to full makes it clash; a cron change keeps it quiet or not by type.
    const retype = await h.call("update_backup_schedule", { id: dumpId, backup_type: "full" });
    expect(structured(retype)).toMatchObject({
      id: dumpId,
      changes: { backup_type: { from: "dump", to: "full" } },
      warnings: [
        `schedule #${full.id} (full "0 2 * * *") also fires at 2026-11-21 02:00 UTC; consider a different minute.`,
        `schedule #${saturdayFull} (full "0 2 * * 6") also fires at 2026-11-21 02:00 UTC; consider a different minute.`,
      ],
    });
    const moved = await h.call("update_backup_schedule", { id: dumpId, schedule: "0 4 * * 6" });
    expect(structured(moved)).toMatchObject({
      id: dumpId,
      changes: { schedule: { from: "0 2 * * 6", to: "0 4 * * 6" } },
    });
    expect(structured(moved)).not.toHaveProperty("warnings");
    // The new cron in words is only in the preview's text.
    expect(textOf(moved)).toContain('New cron "0 4 * * 6" = every Saturday at 04:00 UTC.');
  });

  it("the API's own 400 and 404 messages reach the agent", async ({ h }) => {
    // Known to this server by a schedule, yet unknown to the API's create endpoint.
    const svc: ServiceInfo = {
      id: "dbzzz99999999",
      name: "ghost",
      cloudProvider: "gcp",
      serverPod: "ghost-0",
      dataBytes: 1,
      growthPerDay: 0,
      method: "skybucket",
    };
    h.emulator.state.addSchedule({ svc, schedule: "0 3 * * *", type: "full", createdMs: 0 });
    const unknown = await h.call("create_backup_schedule", {
      service_id: "dbzzz99999999",
      backup_type: "full",
      schedule: "0 2 * * *",
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(
      /POST \/skybackup\/v1\/backups\/schedules -> 404 Not Found: .*dbzzz99999999/,
    );
    expect(textOf(unknown)).toMatch(/trace_id [0-9a-f]+/);
  });

  it.for<[Record<string, unknown>, string]>([
    [{ schedule: "0 2 * *" }, "4 field(s), not 5"],
    [{ schedule: "61 2 * * *" }, "not a valid cron"],
    [{ schedule: "0 0 L * *" }, "day-of-month"],
    [{ schedule: "@daily" }, "1 field(s)"],
    [{ schedule: "0 2 * * * *" }, "6 field(s)"],
    [{ backup_type: "differential" }, "backup_type"],
    [{ service_id: "x/../schedules" }, "service_id"],
    [{ external_storage: { credentials: "abc" } }, "bucket_path"],
  ])("create refuses %j before any request", async ([override, mention], { h }) => {
    const before = h.emulator.requests.length;
    const args = { service_id: serviceId, backup_type: "full", schedule: "0 2 * * *", ...override };
    const result = await h.call("create_backup_schedule", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(mention);
    expect(h.emulator.requests.length).toBe(before);
  });

  it.for<[Record<string, unknown>, string]>([
    [{ id: 1 }, "at least one of"],
    [{ id: 0, suspended: true }, "id"],
    [{ id: 1.5, suspended: true }, "whole number"],
    [{ id: "1/../../backups", suspended: true }, "id"],
  ])("update refuses %j before any request", async ([args, mention], { h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("update_backup_schedule", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(mention);
    expect(h.emulator.requests.length).toBe(before);
  });
});
