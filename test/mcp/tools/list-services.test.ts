import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { testWithHarness } from "../../helpers/fixtures.js";
import { structured, textOf } from "../../helpers/harness.js";
import { json, type FakeHandler } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import type { ServiceSummary } from "../../../src/tools/backups/list-services.js";

interface Listing {
  services: ServiceSummary[];
  services_count: number;
  backups_scanned: number;
  backups_without_service_id?: number;
  unknown_in_scope?: string[];
}

/** "2026-11-29 18:01:13" or RFC 3339 -> "2026-11-29T18:01:13Z", computed here independently of the tool. */
const iso = (time: string) => `${time.replace(" ", "T").slice(0, 19)}Z`;

const it = testWithHarness();

const FRESH = "dbnew30000003";
const TYPO = "dbtyp00000000";
/** Scoped to a demo service, one known only by a schedule, and an id with neither. */
const itInScope = testWithHarness({ scope: [SCENARIOS.stuck, FRESH, TYPO] }, (h) => {
  const svc = h.emulator.state.addService(FRESH, { name: "fresh-db", cloudProvider: "aws" });
  h.emulator.state.addSchedule({ svc, schedule: "0 2 * * *", type: "full", createdMs: 0 });
});

describe("list_services against the emulator", () => {
  it("lists every service with its name, cloud, counts and last success, newest activity first", async ({
    h,
  }) => {
    const result = await h.call("list_services");
    expect(result.isError, textOf(result)).toBeFalsy();
    const listing = structured<Listing>(result);
    const state = h.emulator.state;
    expect(listing.services.map((s) => s.service_id).sort()).toEqual([...state.services].sort());
    expect(listing.services_count).toBe(state.services.length);
    expect(listing.backups_scanned).toBe(state.backups.length);
    for (const service of listing.services) {
      const backups = state.backups.filter((b) => b.service_id === service.service_id);
      const schedules = [...state.schedules.values()].filter(
        (s) => s.service_id === service.service_id,
      );
      const newestSuccess = backups
        .filter((b) => b.status === "Succeeded")
        .reduce(
          (a, b) => (a === undefined || b.point_in_time > a.point_in_time ? b : a),
          backups[0],
        );
      expect(service).toMatchObject({
        service_name: backups[0]?.service_name,
        cloud_provider: backups[0]?.cloud_provider,
        backups_count: backups.length,
        schedules: {
          active: schedules.filter((s) => !s.suspended).length,
          suspended: schedules.filter((s) => s.suspended).length,
        },
        last_success: { time: iso(newestSuccess!.point_in_time), type: newestSuccess!.type },
      });
    }
    const times = listing.services.map((s) => s.last_backup_time ?? "");
    expect(times).toEqual([...times].sort().reverse());

    const byId = new Map(listing.services.map((s) => [s.service_id, s]));
    expect(byId.get(SCENARIOS.healthy)?.service_name).toBe("orders-prod");
    expect(byId.get(SCENARIOS.unscheduled)?.schedules).toEqual({ active: 0, suspended: 0 });
    expect(byId.get(SCENARIOS.suspended)?.schedules?.suspended).toBeGreaterThan(0);
  });

  it("writes one line per service, times as 2026-11-29 18:01 UTC, and says what it cannot see", async ({
    h,
  }) => {
    const text = textOf(await h.call("list_services"));
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      `Services: 9, found from ${h.emulator.state.backups.length} backups and their schedules; newest activity first; times are points in time (what a restore reaches).` +
        " The API has no service list: a service with no backups yet is not found here.",
    );
    expect(lines).toHaveLength(10);
    expect(text).toMatch(
      new RegExp(
        `^${SCENARIOS.healthy} "orders-prod" · gcp · last success \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC \\((full|incremental|binarylog|dump|snapshot)\\) · \\d+ backups · schedules \\d+ active$`,
        "m",
      ),
    );
    expect(text).toMatch(
      new RegExp(`^${SCENARIOS.unscheduled} "legacy-reports" · aws · .* · no schedules$`, "m"),
    );
    expect(text).toMatch(new RegExp(`^${SCENARIOS.suspended} .* · schedules \\d+ suspended$`, "m"));
  });

  it("a service known only by schedules cannot be found without --services", async ({ h }) => {
    const svc = h.emulator.state.addService("dbnew20000002", { name: "fresh-db" });
    h.emulator.state.addSchedule({ svc, schedule: "0 2 * * *", type: "full", createdMs: 0 });
    const listing = structured<Listing>(await h.call("list_services"));
    expect(listing.services.map((s) => s.service_id)).not.toContain("dbnew20000002");
  });

  it("reports progress as it reads", async ({ h }) => {
    const seen: { progress: number; total?: number }[] = [];
    await h.client.callTool({ name: "list_services", arguments: {} }, undefined, {
      onprogress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const done = seen.map((p) => p.progress);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    expect(seen.at(-1)?.progress).toBe(seen.at(-1)?.total);
  });

  it("refuses arguments it does not take", async ({ h }) => {
    const result = await h.call("list_services", { service_id: SCENARIOS.healthy });
    expect(result.isError).toBe(true);
  });
});

describe("list_services under --services", () => {
  itInScope(
    "reads only the allowed services, finds one with schedules only, and names an id with neither",
    async ({ h }) => {
      const before = h.emulator.requests.length;
      const result = await h.call("list_services");
      const listing = structured<Listing>(result);
      expect(listing.services.map((s) => s.service_id)).toEqual([SCENARIOS.stuck, FRESH]);
      expect(listing.services_count).toBe(2);
      // No backup: no last success, no restorable point, no backup time.
      expect(listing.services[1]).toEqual({
        service_id: FRESH,
        service_name: "fresh-db",
        cloud_provider: "aws",
        backups_count: 0,
        schedules: { active: 1, suspended: 0 },
      });
      expect(listing.unknown_in_scope).toEqual([TYPO]);
      // Only the text says the list is limited to the scope.
      expect(textOf(result)).toContain("Services in this server's scope (--services): 2,");
      const sent = h.emulator.requests.slice(before);
      const asked = sent.map((r) => new URLSearchParams(r.query).get("service_id"));
      expect(asked.every((id) => id === SCENARIOS.stuck || id === FRESH || id === TYPO)).toBe(true);
    },
  );
});

describe("list_services on odd API data", () => {
  const callAgainst = (handler: FakeHandler) => callAgainstFake(handler, "list_services");

  it("survives missing names, numeric ids, no status, bad times and stray values", async () => {
    const scheduleQueries: string[] = [];
    const result = await callAgainst((req, res) => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (url.pathname.endsWith("/schedules")) {
        scheduleQueries.push(url.searchParams.get("service_id") ?? "");
        return json(res, 200, { schedules: [{ id: "7", suspended: "true" }, 5, { id: 8 }] });
      }
      json(res, 200, {
        backups: [
          { id: 1, service_id: "dbodd11111111", start_time: "2026-11-20T10:00:00Z" },
          {
            id: "b2",
            service_id: "dbodd11111111",
            service_name: "odd\nname",
            status: "Succeeded",
            point_in_time: "not a time",
            start_time: "2026-11-21T10:00:00Z",
          },
          { id: "b3", service_id: 42, status: "SUCCEEDED", end_time: "2026-11-22 09:30:00" },
          { id: "b4", status: "Succeeded" },
          "not an object",
          null,
          { id: "b5", service_id: "__proto__", cloud_provider: 7 },
        ],
        backups_count: "7",
      });
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const listing = structured<Listing>(result);
    const byId = new Map(listing.services.map((s) => [s.service_id, s]));
    // Exact: no cloud_provider, and no last_restorable (a success with no point reaches nothing).
    expect(byId.get("dbodd11111111")).toEqual({
      service_id: "dbodd11111111",
      // The newline became a space.
      service_name: "odd name",
      backups_count: 2,
      last_backup_time: "2026-11-21T10:00:00Z",
      // No point_in_time to read: the start stands in.
      last_success: { time: "2026-11-21T10:00:00Z", type: "unknown" },
      schedules: { active: 1, suspended: 1 },
    });
    // "42" and "__proto__" are not ids the API should be sent back: their schedules stay unread.
    expect(byId.get("42")).toEqual({
      service_id: "42",
      backups_count: 1,
      last_backup_time: "2026-11-22T09:30:00Z",
      last_success: { time: "2026-11-22T09:30:00Z", type: "unknown" },
    });
    expect(byId.get("__proto__")).toMatchObject({ backups_count: 1, cloud_provider: "7" });
    expect(byId.get("__proto__")).not.toHaveProperty("schedules");
    expect(scheduleQueries).toEqual(["dbodd11111111"]);
    expect(listing).toMatchObject({
      services_count: 3,
      backups_scanned: 7,
      backups_without_service_id: 3,
      invalid_service_ids: ["42", "__proto__"],
    });
  });

  it("an account with no backups says none were found, not an error", async () => {
    const result = await callAgainst((_req, res) => json(res, 200, {}));
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(structured<Listing>(result)).toEqual({
      services: [],
      services_count: 0,
      backups_scanned: 0,
      truncated: false,
    });
  });
});

describe("list_services and one-time schedules", () => {
  it("counts a once schedule apart: it is not an active schedule", async ({ freshHarness }) => {
    const h = await freshHarness();
    const created = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.unscheduled,
      backup_type: "full",
      schedule: "once",
    });
    expect(created.isError, textOf(created)).toBeFalsy();
    const listing = await h.call("list_services", {});
    const mine = structured<Listing>(listing).services.find(
      (s) => s.service_id === SCENARIOS.unscheduled,
    );
    expect(mine?.schedules).toEqual({ active: 0, suspended: 0, once: 1 });
  });
});
