import { describe, expect } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

interface Page {
  backups: Array<Record<string, unknown>>;
  backups_count: number;
  pages_count: number;
}

const it = testWithHarness();

describe("list_backups", () => {
  it("returns the first page with counts, newest first, and a one-line-per-backup text", async ({
    h,
  }) => {
    const result = await h.call("list_backups");
    expect(result.isError).toBeFalsy();
    const page = structured<Page>(result);
    const total = h.emulator.state.backups.length;
    expect(page.backups).toHaveLength(20);
    expect(page.backups_count).toBe(total);
    expect(page.pages_count).toBe(Math.ceil(total / 20));
    const times = page.backups.map((b) => String(b.start_time));
    expect([...times].sort().reverse()).toEqual(times);

    const lines = textOf(result).split("\n");
    expect(lines[0]).toBe(
      `Backups: showing 20 of ${total} (1-20, page 1/${page.pages_count}; newest first; times: start; sizes: backup_size, GB = 10^9 B). Next: page=2`,
    );
    expect(lines).toHaveLength(21);
    expect(lines[1]).toContain(`id=${String(page.backups[0]?.id)}`);
  });

  it("filters by service and status, as the emulator's data says", async ({ h }) => {
    const serviceId = h.emulator.state.services[0]!;
    const expected = h.emulator.state.backups.filter(
      (b) => b.service_id === serviceId && String(b.status).toLowerCase() === "failed",
    );
    const result = await h.call("list_backups", {
      service_id: serviceId,
      status: "Failed",
      page_size: 1000,
    });
    const page = structured<Page>(result);
    expect(page.backups_count).toBe(expected.length);
    expect(page.backups.map((b) => b.id).sort()).toEqual(expected.map((b) => b.id).sort());
    expect(page.backups.every((b) => b.service_id === serviceId && b.status === "Failed")).toBe(
      true,
    );
  });

  it("an unknown status says so instead of reading as no backups", async ({ h }) => {
    const result = await h.call("list_backups", { status: "Bogus" });
    expect(structured<Page>(result)).toMatchObject({ backups: [], backups_count: 0 });
    // The note on the unknown status is only in the text.
    expect(textOf(result)).toContain('No backup has status "Bogus"');
    const failed = await h.call("list_backups", { status: "failed", page_size: 1 });
    expect(failed.isError, textOf(failed)).toBeFalsy();
    const failedCount = h.emulator.state.backups.filter((b) => b.status === "Failed").length;
    expect(failedCount).toBeGreaterThan(0);
    const page = structured<Page>(failed);
    expect(page.backups_count).toBe(failedCount);
    expect(page.backups.map((b) => b.status)).toEqual(["Failed"]);
    expect(textOf(failed)).not.toContain("No backup has status");
  });

  it("a page past the last one says so instead of showing an empty page as normal", async ({
    h,
  }) => {
    const pages = Math.ceil(h.emulator.state.backups.length / 20);
    const result = await h.call("list_backups", { page: pages + 5 });
    expect(result.isError).toBeFalsy();
    expect(structured<Page>(result)).toMatchObject({
      backups: [],
      backups_count: h.emulator.state.backups.length,
      pages_count: pages,
      page: pages + 5,
    });
    // Only the text says the page is past the last one.
    expect(textOf(result)).toContain(`Page ${pages + 5} is past the last page (${pages})`);
  });

  it("pages in ascending order without overlap", async ({ h }) => {
    const first = structured<Page>(
      await h.call("list_backups", { order: "asc", page: 1, page_size: 5 }),
    );
    const second = structured<Page>(
      await h.call("list_backups", { order: "asc", page: 2, page_size: 5 }),
    );
    const ids = [...first.backups, ...second.backups].map((b) => b.id);
    expect(new Set(ids).size).toBe(10);
    expect(String(first.backups[4]?.start_time) <= String(second.backups[0]?.start_time)).toBe(
      true,
    );
  });

  it.for<[Record<string, unknown>, string]>([
    [{ page: 0 }, "page"],
    [{ page_size: 5000 }, "page_size"],
    [{ order: "newest" }, "order"],
    [{ service_id: "../x" }, "service_id"],
    [{ service_id: "schedules" }, "reserved"],
    [{ service_id: "db%2Fx12345678" }, "service_id"],
    [{ status: "Failed&x=1" }, "status"],
    [{ surprise: true }, "surprise"],
  ])("refuses %j before any request", async ([args, mention], { h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("list_backups", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(mention);
    expect(h.emulator.requests.length).toBe(before);
  });
});
