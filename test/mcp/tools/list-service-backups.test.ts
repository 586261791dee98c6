import { describe, expect } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

interface Page {
  backups: Array<Record<string, unknown>>;
  backups_count: number;
  pages_count: number;
}

describe("list_service_backups", () => {
  it.for(["paged", "array", "object"] as const)(
    "reads a %s response body",
    async (shape, { freshHarness }) => {
      const h = await freshHarness({ serviceBackupsShape: shape });
      const serviceId = h.emulator.state.services[1]!;
      const result = await h.call("list_service_backups", { service_id: serviceId });
      expect(result.isError).toBeFalsy();
      const page = structured<Page>(result);
      const all = h.emulator.state.backups.filter((b) => b.service_id === serviceId);
      expect(page.backups.length).toBeGreaterThan(0);
      expect(page.backups.every((b) => b.service_id === serviceId)).toBe(true);
      // paged: the API's first page of 10; array: every backup in one page; object: a single backup.
      const expected = {
        paged: { rows: 10, count: all.length, pages: Math.ceil(all.length / 10) },
        array: { rows: all.length, count: all.length, pages: 1 },
        object: { rows: 1, count: 1, pages: 1 },
      }[shape];
      expect(page.backups).toHaveLength(expected.rows);
      expect(page.backups_count).toBe(expected.count);
      expect(page.pages_count).toBe(expected.pages);
      // The text alone is capped at 50 lines (a whole array of backups stays in structuredContent).
      expect(textOf(result).split("\n")[0]).toContain(
        `Backups of ${serviceId}: showing ${Math.min(expected.rows, 50)} of ${expected.count}`,
      );
    },
  );

  it("an unknown service (the API's 404) says so plainly and which tool lists what exists", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const result = await h.call("list_service_backups", { service_id: "dbqqq00000000" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "list_service_backups: no backups or schedules are known for dbqqq00000000: check the id; list_services shows the known ones",
    );
  });

  it("names the page it shows, and says when a page is past the last", async ({ freshHarness }) => {
    const h = await freshHarness();
    const serviceId = h.emulator.state.services[0]!;
    const count = h.emulator.state.backups.filter((b) => b.service_id === serviceId).length;
    const pages = Math.ceil(count / 10);
    const first = await h.call("list_service_backups", { service_id: serviceId, page_size: 10 });
    expect(structured<Page>(first)).toMatchObject({ backups_count: count, pages_count: pages });
    expect(structured<Page>(first).backups).toHaveLength(10);
    expect(textOf(first).split("\n")[0]).toContain(`; page 1/${pages}; next: page=2`);
    const past = await h.call("list_service_backups", {
      service_id: serviceId,
      page: pages + 3,
      page_size: 10,
    });
    expect(structured<Page>(past)).toEqual({
      backups: [],
      backups_count: count,
      pages_count: pages,
    });
    expect(textOf(past).split("\n")[0]).toContain(
      `page ${pages + 3} is past the last page (${pages})`,
    );
  });
});
