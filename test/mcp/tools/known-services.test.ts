/**
 * Issue 8, "Services are known, not guessed": every tool that takes a
 * service_id refuses an id with neither backups nor schedules in one plain
 * message, offers the id when a name was given, and never calls a known
 * service unknown (one with backups but no schedules, or schedules but no
 * backups). Healthy calls make no extra request.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { ServiceInfo } from "../../../src/emulator/primitives.js";
import { testWithHarness } from "../../helpers/fixtures.js";
import { structured, textOf, type Harness } from "../../helpers/harness.js";

const UNKNOWN = "dbxyz00000000";
/** Known only by a schedule: created moments ago, not one backup yet. */
const FRESH = "dbnew10000001";
const unknownText = (tool: string, id: string) =>
  `${tool}: no backups or schedules are known for ${id}: check the id; list_services shows the known ones`;

/** Each tool that takes a service_id, with the rest of a valid call. */
const CALLS: ReadonlyArray<[string, (id: string) => Record<string, unknown>, string]> = [
  ["list_backups", (id) => ({ service_id: id }), ""],
  ["list_backups", (id) => ({ service_id: id, all_pages: true }), ""],
  ["list_backups", (id) => ({ service_id: id, status: "Failed", page_size: 5 }), ""],
  ["list_service_backups", (id) => ({ service_id: id }), ""],
  ["list_service_backups", (id) => ({ service_id: id, all_pages: true }), ""],
  ["list_backup_schedules", (id) => ({ service_id: id }), ""],
  ["list_backup_schedules", (id) => ({ service_id: id, all_pages: true, type: "full" }), ""],
  [
    "create_backup_schedule",
    (id) => ({ service_id: id, backup_type: "full", schedule: "0 5 * * *" }),
    ". Nothing was created. If the service was created moments ago and has no backup yet, repeat with new_service: true.",
  ],
  [
    "create_backup_schedule",
    (id) => ({ service_id: id, backup_type: "full", schedule: "once" }),
    ". Nothing was created. If the service was created moments ago and has no backup yet, repeat with new_service: true.",
  ],
  ["plan_restore", (id) => ({ service_id: id, target_time: "latest" }), ""],
];

/** Test titles show the arguments, with ID where the service id goes. */
const TITLED = CALLS.map(
  ([tool, args, tail]) => [tool, JSON.stringify(args("ID")), args, tail] as const,
);

/** The demo data plus FRESH, whose first schedule was created a minute ago. */
const it = testWithHarness({}, (h) => {
  const svc: ServiceInfo = h.emulator.state.addService(FRESH, {
    name: "fresh-db",
    cloudProvider: "aws",
  });
  h.emulator.state.addSchedule({
    svc,
    schedule: "0 2 * * *",
    type: "full",
    createdMs: Date.now() - 60_000,
  });
});

// The "object" shape answers 404 "has no backups yet" for a service the emulator knows.
const itOn404Shape = testWithHarness({ serviceBackupsShape: "object" }, (h) => {
  const svc = h.emulator.state.addService(FRESH, { name: "fresh-db" });
  h.emulator.state.addSchedule({ svc, schedule: "0 2 * * *", type: "full", createdMs: 0 });
});

describe("a service created moments ago", () => {
  it("gets its first schedule with new_service: true, and only then", async ({ freshHarness }) => {
    const h = await freshHarness({ emptyData: true });
    const id = "dbnew11111111";
    h.emulator.state.addService(id, { name: "brand-new" });
    const args = { service_id: id, backup_type: "full", schedule: "0 2 * * *" };
    const refused = await h.call("create_backup_schedule", args);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("repeat with new_service: true");
    const created = await h.call("create_backup_schedule", { ...args, new_service: true });
    expect(created.isError, textOf(created)).toBeFalsy();
    expect(structured(created)).toMatchObject({
      service_id: id,
      type: "full",
      schedule: "0 2 * * *",
    });
    expect([...h.emulator.state.schedules.values()].map((s) => s.service_id)).toEqual([id]);
  });
});

describe("an unknown service id, a name, and known services with nothing to list", () => {
  const posts = (h: Harness) => h.emulator.requests.filter((r) => r.method === "POST").length;

  it.for(TITLED)("%s %s refuses an unknown id plainly", async ([tool, , args, tail], { h }) => {
    const postsBefore = posts(h);
    const schedulesBefore = h.emulator.state.schedules.size;
    const result = await h.call(tool, args(UNKNOWN));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(unknownText(tool, UNKNOWN) + tail);
    expect(textOf(result)).not.toMatch(/No schedules|no scheduled backups/);
    expect(posts(h)).toBe(postsBefore);
    expect(h.emulator.state.schedules.size).toBe(schedulesBefore);
  });

  it.for(TITLED)(
    "%s %s offers the id when given a service name",
    async ([tool, , args, tail], { h }) => {
      const postsBefore = posts(h);
      const result = await h.call(tool, args("Orders-Prod"));
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        `${tool}: Orders-Prod is a service name, not an id: its id is ${SCENARIOS.healthy}; call again with the id` +
          tail,
      );
      expect(posts(h)).toBe(postsBefore);
    },
  );

  it("a mistyped id of the issued shape is not looked up as a name", async ({ h }) => {
    const before = h.emulator.requests.length;
    await h.call("list_backup_schedules", { service_id: UNKNOWN });
    const sent = h.emulator.requests.slice(before);
    // The list itself, then one row each of backups and schedules: no scan of the account.
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => new URLSearchParams(r.query).get("service_id") === UNKNOWN)).toBe(
      true,
    );
  });

  it("the name lookup reads a bounded number of backups", async ({ h }) => {
    const before = h.emulator.requests.length;
    await h.call("list_backup_schedules", { service_id: "no-such-name" });
    const scans = h.emulator.requests
      .slice(before)
      .filter((r) => !new URLSearchParams(r.query).has("service_id"));
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.length).toBeLessThanOrEqual(4);
    for (const scan of scans) expect(new URLSearchParams(scan.query).get("page_size")).toBe("500");
  });

  it("a known service with backups but no schedules is not unknown, and says it has no schedules", async ({
    h,
  }) => {
    const id = SCENARIOS.unscheduled;
    const count = h.emulator.state.backups.filter((b) => b.service_id === id).length;
    const schedules = await h.call("list_backup_schedules", { service_id: id });
    expect(schedules.isError).toBeFalsy();
    expect(structured(schedules)).toMatchObject({ schedules: [], schedules_count: 0 });
    // Why the list is empty is said only in the text.
    expect(textOf(schedules)).toContain(
      `No schedules: ${id} has ${count} backups but no backup schedule, so this API makes no scheduled backups of it.`,
    );
    for (const [tool, args] of CALLS.filter(([name]) => name !== "create_backup_schedule")) {
      const result = await h.call(tool, args(id));
      expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
      expect(textOf(result)).not.toContain("no backups or schedules are known");
    }
    const created = await h.call("create_backup_schedule", {
      service_id: id,
      backup_type: "full",
      schedule: "0 2 * * *",
    });
    expect(created.isError, textOf(created)).toBeFalsy();
    expect(structured(created)).toMatchObject({
      service_id: id,
      type: "full",
      schedule: "0 2 * * *",
    });
  });

  it("a known service with schedules but no backups is not unknown, and says it has no backups yet", async ({
    h,
  }) => {
    const noBackupsYet = `${FRESH} has no backups yet; it has 1 schedule (list_backup_schedules).`;
    for (const args of [{ service_id: FRESH }, { service_id: FRESH, all_pages: true }]) {
      for (const tool of ["list_backups", "list_service_backups"]) {
        const result = await h.call(tool, args);
        expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
        expect(structured(result)).toMatchObject({ backups: [], backups_count: 0 });
        // Why the list is empty is said only in the text.
        expect(textOf(result)).toContain(noBackupsYet);
      }
    }
    const schedules = await h.call("list_backup_schedules", { service_id: FRESH });
    expect(schedules.isError).toBeFalsy();
    expect(structured(schedules)).toMatchObject({
      schedules: [{ service_id: FRESH, type: "full", schedule: "0 2 * * *" }],
      schedules_count: 1,
    });
    const typed = await h.call("list_backup_schedules", { service_id: FRESH, type: "dump" });
    expect(structured(typed)).toMatchObject({ schedules: [], schedules_count: 0 });
    expect(textOf(typed)).toContain(`No dump schedules (${FRESH} has 1 of other types).`);
    const plan = await h.call("plan_restore", { service_id: FRESH, target_time: "latest" });
    expect(plan.isError).toBeFalsy();
    expect(structured(plan)).toMatchObject({
      service_id: FRESH,
      restorable: false,
      chain: [],
      backups_scanned: 0,
    });
    // The reason (no backups yet, rather than no base) is worded only in the text.
    expect(textOf(plan)).toBe(
      `Not restorable: ${FRESH} has no backups yet, so there is nothing to restore from.`,
    );
    const once = await h.call("create_backup_schedule", {
      service_id: FRESH,
      backup_type: "full",
      schedule: "once",
    });
    expect(once.isError, textOf(once)).toBeFalsy();
    expect(structured(once)).toMatchObject({ service_id: FRESH, type: "full", schedule: "once" });
  });

  it("a healthy call makes no extra request", async ({ h }) => {
    const id = SCENARIOS.healthy;
    for (const [tool, args] of [
      ["list_backups", { service_id: id }],
      ["list_service_backups", { service_id: id }],
      ["list_backup_schedules", { service_id: id }],
      ["list_backup_schedules", { service_id: id, type: "full" }],
    ] as const) {
      const before = h.emulator.requests.length;
      const result = await h.call(tool, args);
      expect(result.isError).toBeFalsy();
      expect(h.emulator.requests.length - before, tool).toBe(1);
    }
    const before = h.emulator.requests.length;
    await h.call("create_backup_schedule", {
      service_id: id,
      backup_type: "dump",
      schedule: "45 4 * * 0",
    });
    // The existing schedules (read for the duplicate check anyway), then the POST.
    expect(h.emulator.requests.slice(before).map((r) => r.method)).toEqual(["GET", "POST"]);
  });

  it("a known service with a status filter that matches nothing stays a plain empty page", async ({
    h,
  }) => {
    const result = await h.call("list_backups", {
      service_id: SCENARIOS.healthy,
      status: "Exploded",
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ backups: [], backups_count: 0, pages_count: 0 });
    expect(textOf(result)).not.toContain("no backups or schedules are known");
  });
});

describe("GET /backups/{service_id} answering 404", () => {
  itOn404Shape("is no backups yet for a known service, and unknown otherwise", async ({ h }) => {
    const known = await h.call("list_service_backups", { service_id: FRESH });
    expect(known.isError, textOf(known)).toBeFalsy();
    expect(structured(known)).toEqual({ backups: [], backups_count: 0, pages_count: 0 });
    expect(textOf(known)).toContain(`${FRESH} has no backups yet; it has 1 schedule`);
    const unknown = await h.call("list_service_backups", { service_id: UNKNOWN });
    expect(textOf(unknown)).toBe(unknownText("list_service_backups", UNKNOWN));
  });
});
