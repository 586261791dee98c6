/**
 * list_restores against the emulator's demo history: five drills into the
 * scratch service (ids 1-5, #4 Failed, #2 a point-in-time one), read through
 * a real MCP client.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest, testWithHarness } from "../../helpers/fixtures.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const it = testWithHarness({ now: () => NOW });
const TARGET = SCENARIOS.restoreTarget;
const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d UTC/;

interface Listed {
  restores: { id: number; status: string; service_id: string }[];
  restores_count: number;
  pages_count: number;
}

const restoreRequests = (requests: readonly { path: string }[]) =>
  requests.filter((r) => r.path.startsWith("/skybackup/v1/restores"));

describe("list_restores", () => {
  it("lists a target's restores newest first, one compact line each, and stays quiet", async ({
    h,
  }) => {
    const result = await h.call("list_restores", { service_id: TARGET });
    expect(result.isError).toBeFalsy();
    const page = structured<Listed>(result);
    expect(page.restores.map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(page.restores_count).toBe(5);
    const lines = textOf(result).split("\n");
    expect(lines[0]).toBe(`Restores into ${TARGET}: showing 5 of 5 (1-5, page 1/1; newest first)`);
    expect(lines).toHaveLength(6);
    const failed = lines.find((l) => l.startsWith("#4 "));
    expect(failed).toMatch(
      new RegExp(
        `^#4 Failed created ${TIME.source} into ${TARGET} \\("scratch-restore"\\) from backup [0-9a-f]{32}:${SCENARIOS.failing}:\\S+; physical "Restore has failed: mariabackup --prepare`,
      ),
    );
    expect(lines.find((l) => l.startsWith("#2 "))).toContain(
      `from point in time of ${SCENARIOS.binlogGap}; physical`,
    );
    // The healthy answer carries no refusal, warning or empty-list note.
    expect(textOf(result)).not.toMatch(/Nothing has been restored|None is|no backups or schedules/);
  });

  it("pages with page and page_size, and says how to get the next page", async ({ h }) => {
    const result = await h.call("list_restores", { service_id: TARGET, page: 2, page_size: 2 });
    const page = structured<Listed>(result);
    expect(page.restores.map((r) => r.id)).toEqual([3, 2]);
    expect(page).toMatchObject({ restores_count: 5, pages_count: 3 });
    // Where to go next is said in words only.
    expect(textOf(result).split("\n")[0]).toMatch(/\. Next: page=3$/);
    const past = await h.call("list_restores", { service_id: TARGET, page: 9, page_size: 2 });
    expect(past.isError).toBeFalsy();
    expect(structured(past)).toEqual({ restores: [], restores_count: 5, pages_count: 3 });
    expect(textOf(past)).toContain("Page 9 is past the last page (3)");
  });

  it("filters by status across every page", async ({ h }) => {
    const failed = await h.call("list_restores", { service_id: TARGET, status: "Failed" });
    const page = structured<Listed>(failed);
    expect(page.restores.map((r) => [r.id, r.status])).toEqual([[4, "Failed"]]);
    expect(page).toMatchObject({ restores_count: 1, pages_count: 1 });
    const running = await h.call("list_restores", { service_id: TARGET, status: "Running" });
    expect(running.isError).toBeFalsy();
    expect(structured(running)).toEqual({ restores: [], restores_count: 0, pages_count: 0 });
    // Why the filtered list is empty (restores exist, none with that status) is said in words only.
    expect(textOf(running)).toContain("None is Running (5 restores in all).");
  });

  it("tells a known service with no restores from an unknown id", async ({ h }) => {
    const none = await h.call("list_restores", { service_id: SCENARIOS.healthy });
    expect(none.isError).toBeFalsy();
    expect(structured(none)).toEqual({ restores: [], restores_count: 0, pages_count: 0 });
    expect(textOf(none)).toContain(`Nothing has been restored into ${SCENARIOS.healthy}.`);
    const unknown = await h.call("list_restores", { service_id: "dbzzz99999999" });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      "list_restores: no backups or schedules are known for dbzzz99999999: check the id; list_services shows the known ones",
    );
  });

  it("refuses a malformed service id before any request", async ({ h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("list_restores", { service_id: "../restores" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("service_id");
    expect(h.emulator.requests.length).toBe(before);
  });
});

describe("list_restores reads every page", () => {
  freshHarnessTest(
    "all_pages returns the whole history, newest first, cut at max_items",
    async ({ freshHarness }) => {
      const h = await freshHarness({ now: () => NOW });
      const state = h.emulator.state;
      const base = NOW.getTime() - 100 * 86_400_000;
      for (let i = 0; i < 30; i += 1)
        state.restores.add({
          serviceId: TARGET,
          serviceName: "scratch-restore",
          backupId: SCENARIOS.healthy,
          bucket: "gs://b",
          type: "physical",
          createdMs: base + i * 3_600_000,
          endsMs: base + i * 3_600_000 + 600_000,
          outcome: { status: "Succeeded" },
        });
      const all = await h.call("list_restores", { service_id: TARGET, all_pages: true });
      const page = structured<Listed>(all);
      expect(page.restores).toHaveLength(35);
      const created = page.restores.map((r) => (r as unknown as { created_at: string }).created_at);
      expect(created).toEqual([...created].sort().reverse());
      expect(page).toMatchObject({ restores_count: 35, pages_count: 1 });
      const cut = await h.call("list_restores", {
        service_id: TARGET,
        all_pages: true,
        max_items: 7,
      });
      // Cut: 7 shown of the 35 that exist.
      const cutPage = structured<Listed>(cut);
      expect(cutPage.restores).toHaveLength(7);
      expect(cutPage).toMatchObject({ restores_count: 35, pages_count: 1 });
    },
  );

  freshHarnessTest(
    "--services refuses another target before any request",
    async ({ freshHarness }) => {
      const h = await freshHarness({ now: () => NOW, scope: [SCENARIOS.healthy] });
      const result = await h.call("list_restores", { service_id: TARGET });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`service ${TARGET} is outside this server's scope`);
      expect(restoreRequests(h.emulator.requests)).toEqual([]);
      const inScope = await h.call("list_restores", { service_id: SCENARIOS.healthy });
      expect(inScope.isError).toBeFalsy();
    },
  );
});
