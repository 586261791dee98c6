import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { structured, textOf } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

const ALLOWED = [SCENARIOS.healthy, SCENARIOS.stopped];
const OUTSIDE = SCENARIOS.failing;

interface Page {
  backups: Array<{ id: string; service_id: string; start_time: string }>;
  backups_count: number;
  pages_count: number;
}

const it = testWithHarness({ scope: ALLOWED, confirm: "never" });

describe("--services limits every tool", () => {
  it("lists only allowed services, with exact counts and paging across them", async ({ h }) => {
    const expected = h.emulator.state.backups
      .filter((b) => ALLOWED.includes(b.service_id))
      .sort((a, b) => (a.start_time < b.start_time ? 1 : -1));
    const first = structured<Page>(await h.call("list_backups", { page_size: 50 }));
    const second = structured<Page>(await h.call("list_backups", { page: 2, page_size: 50 }));
    expect(first.backups_count).toBe(expected.length);
    expect(first.pages_count).toBe(Math.ceil(expected.length / 50));
    const seen = [...first.backups, ...second.backups];
    expect(seen.every((b) => ALLOWED.includes(b.service_id))).toBe(true);
    expect(seen.map((b) => b.start_time)).toEqual(expected.slice(0, 100).map((b) => b.start_time));
    expect(new Set(seen.map((b) => b.id)).size).toBe(100);
  });

  it.for<[string, Record<string, unknown>]>([
    ["list_backups", { service_id: OUTSIDE }],
    ["list_service_backups", { service_id: OUTSIDE }],
    ["list_backup_schedules", { service_id: OUTSIDE }],
    ["create_backup_schedule", { service_id: OUTSIDE, backup_type: "full", schedule: "0 3 * * *" }],
  ])("%s naming another service is refused before any request", async ([name, args], { h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call(name, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`${OUTSIDE} is outside this server's scope`);
    expect(textOf(result)).toContain(ALLOWED.join(", "));
    expect(h.emulator.requests.length).toBe(before);
  });

  it.for(["get_backup_schedule", "update_backup_schedule", "delete_backup_schedule"])(
    "%s on another service's schedule is refused and changes nothing",
    async (name, { h }) => {
      const foreign = [...h.emulator.state.schedules.values()].find(
        (s) => s.service_id === OUTSIDE,
      )!;
      const before = { ...foreign };
      const args =
        name === "update_backup_schedule"
          ? { id: foreign.id, suspended: true }
          : { id: foreign.id };
      const result = await h.call(name, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(
        `schedule ${foreign.id} belongs to a service outside this server's scope`,
      );
      // The service it belongs to is outside the scope, so its id is not shown either.
      expect(textOf(result)).not.toContain(OUTSIDE);
      expect(result.structuredContent).toBeUndefined();
      expect(h.emulator.state.schedules.get(foreign.id)).toEqual(before);
      expect(h.emulator.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
    },
  );

  it("the instructions name the allowed services", ({ h }) => {
    expect(h.client.getInstructions()).toContain(
      `Only these services are accessible: ${ALLOWED.join(", ")}`,
    );
  });
});
