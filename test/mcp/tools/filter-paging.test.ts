import { describe, expect } from "vitest";
import { structured, textOf, type Harness } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

interface Rows {
  backups: Array<{ id: string; service_id: string; type: string; start_time: string }>;
  backups_count: number;
  pages_count: number;
  page?: number;
  page_size?: number;
}

const SIZES = "times: start; sizes: backup_size, GB = 10^9 B";

const now = new Date("2026-11-20T12:00:00Z");
const it = testWithHarness({ backups: 1500, services: 4, now: () => now });

describe("client-side filters: page_size is the rows returned, ranges mean what they say", () => {
  const fulls = (h: Harness) => h.emulator.state.backups.filter((b) => b.type === "full");

  it("type with page_size 3 returns 3 rows and says how to get more", async ({ h }) => {
    const total = fulls(h).length;
    expect(total).toBeGreaterThan(6);
    const result = await h.call("list_backups", { type: "full", page_size: 3 });
    const rows = structured<Rows>(result);
    expect(rows.backups).toHaveLength(3);
    expect(rows.backups.every((b) => b.type === "full")).toBe(true);
    expect(rows).toMatchObject({
      backups_count: total,
      pages_count: Math.ceil(total / 3),
      page: 1,
      page_size: 3,
    });
    // How to get more (the next page, or all_pages) is said in the text's header.
    expect(textOf(result).split("\n")[0]).toBe(
      `Backups: showing 3 of ${total} (1-3, page 1/${Math.ceil(total / 3)}; newest first; type=full; ${SIZES}). Next: page=2 (or all_pages: true, max_items up to 5000, for all at once)`,
    );
  });

  it("page walks the matches without gaps or overlap, in the same order as all_pages", async ({
    h,
  }) => {
    const whole = structured<Rows>(
      await h.call("list_backups", { type: "full", all_pages: true, max_items: 5000 }),
    );
    const one = structured<Rows>(await h.call("list_backups", { type: "full", page_size: 4 }));
    const two = structured<Rows>(
      await h.call("list_backups", { type: "full", page_size: 4, page: 2 }),
    );
    expect([...one.backups, ...two.backups].map((b) => b.id)).toEqual(
      whole.backups.slice(0, 8).map((b) => b.id),
    );
    // The last page is short and offers no next page.
    const last = Math.ceil(whole.backups_count / 4);
    const end = await h.call("list_backups", { type: "full", page_size: 4, page: last });
    expect(structured<Rows>(end).backups.map((b) => b.id)).toEqual(
      whole.backups.slice((last - 1) * 4).map((b) => b.id),
    );
    expect(structured<Rows>(end)).toMatchObject({ page: last, pages_count: last });
  });

  it("list_service_backups honours page_size with a filter too", async ({ h }) => {
    const service = h.emulator.state.services[1]!;
    const mine = h.emulator.state.backups.filter(
      (b) => b.service_id === service && b.type === "binarylog",
    );
    expect(mine.length).toBeGreaterThan(5);
    const result = await h.call("list_service_backups", {
      service_id: service,
      type: "binarylog",
      page_size: 5,
    });
    const rows = structured<Rows>(result);
    expect(rows.backups).toHaveLength(5);
    expect(rows).toMatchObject({
      backups_count: mine.length,
      pages_count: Math.ceil(mine.length / 5),
      page: 1,
      page_size: 5,
    });
    expect(rows.backups.every((b) => b.service_id === service && b.type === "binarylog")).toBe(
      true,
    );
  });

  it("relative, bare-date and fractional times resolve against the call's clock", async ({ h }) => {
    const since = now.getTime() - 2 * 86_400_000;
    const expected = h.emulator.state.backups.filter((b) => Date.parse(b.start_time) >= since);
    expect(expected.length).toBeGreaterThan(0);
    const relative = await h.call("list_backups", { since: "-2d", page_size: 1 });
    expect(structured<Rows>(relative).backups_count).toBe(expected.length);
    // The bound a relative time resolved to is shown only in the text.
    expect(textOf(relative)).toContain("since 2026-11-18 12:00 UTC");
    for (const same of ["-48h", "2026-11-18T12:00:00.000Z", "2026-11-18T13:00+01:00"]) {
      const other = structured<Rows>(await h.call("list_backups", { since: same, page_size: 1 }));
      expect(other.backups_count).toBe(expected.length);
    }
    const day = h.emulator.state.backups.filter(
      (b) => b.start_time >= "2026-11-15T00:00:00Z" && b.start_time < "2026-11-16T00:00:00Z",
    );
    const bare = await h.call("list_backups", { since: "2026-11-15", until: "2026-11-16" });
    expect(structured<Rows>(bare).backups_count).toBe(day.length);
    expect(textOf(bare)).toContain("since 2026-11-15 00:00 UTC; until 2026-11-16 00:00 UTC");
  });

  it.for<[Record<string, string>, string]>([
    [{ since: "2026-11-16", until: "2026-11-15" }, "since (2026-11-16 00:00 UTC) must be earlier"],
    [{ since: "-1h", until: "-2h" }, "must be earlier than until"],
    [{ since: "2026-11-15 10:00", until: "2026-11-15T10:00:00Z" }, "must be earlier"],
    [{ since: "2999-01-01" }, "since (2999-01-01 00:00 UTC) is in the future"],
  ])(
    "an inverted or future range %j is an input error, nothing sent",
    async ([range, message], { h }) => {
      for (const [tool, extra] of [
        ["list_backups", {}],
        ["list_service_backups", { service_id: h.emulator.state.services[0]! }],
      ] as const) {
        const before = h.emulator.requests.length;
        const result = await h.call(tool, { ...range, ...extra });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain(message);
        expect(h.emulator.requests.length).toBe(before);
      }
    },
  );

  it.for(["2026-02-30", "2026-11-15 24:00", "-5y", "-0x1h", "2026-11-15T10:00:00+25:00", ""])(
    "refuses since %j before any request",
    async (since, { h }) => {
      const before = h.emulator.requests.length;
      const result = await h.call("list_backups", { since });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("since must be");
      expect(h.emulator.requests.length).toBe(before);
    },
  );
});
