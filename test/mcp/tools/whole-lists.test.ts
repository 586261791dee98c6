import { describe, expect } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

interface Whole {
  backups: Array<{ id: string; service_id: string; type: string; start_time: string }>;
  backups_count: number;
  returned: number;
  truncated: boolean;
}

const now = new Date("2026-11-20T12:00:00Z");
const it = testWithHarness({ backups: 6000, services: 12, now: () => now });

describe("all_pages and client-side filters over thousands of backups", () => {
  it("reads every page of one service exactly once, in order", async ({ h }) => {
    const service = h.emulator.state.services[3]!;
    const expected = h.emulator.state.backups.filter((b) => b.service_id === service);
    expect(expected.length).toBeGreaterThan(500);
    const result = await h.call("list_backups", {
      service_id: service,
      all_pages: true,
      max_items: 5000,
      order: "asc",
    });
    const whole = structured<Whole>(result);
    expect(whole).toMatchObject({
      backups_count: expected.length,
      returned: expected.length,
      pages_count: 1,
      truncated: false,
    });
    expect(whole.backups.map((b) => b.id)).toEqual(expected.map((b) => b.id));
  });

  it("stops at max_items, says so, and keeps the newest first", async ({ h }) => {
    const total = h.emulator.state.backups.length;
    expect(total).toBeGreaterThan(5000);
    const result = await h.call("list_backups", { all_pages: true });
    const whole = structured<Whole>(result);
    expect(whole.returned).toBe(200);
    expect(whole.truncated).toBe(true);
    expect(whole.backups_count).toBe(total);
    const newest = [...h.emulator.state.backups]
      .sort((a, b) => (a.start_time < b.start_time ? 1 : -1))
      .slice(0, 200);
    expect(whole.backups.map((b) => b.start_time)).toEqual(newest.map((b) => b.start_time));
    expect(textOf(result)).toContain(
      `showing 200 of ${total} (all pages; newest first; times: start; sizes: backup_size, GB = 10^9 B). Truncated at max_items=200`,
    );
  });

  it("type, since and until filter across all services and count exactly", async ({ h }) => {
    const since = "2026-11-10T00:00:00Z";
    const until = "2026-11-15 00:00:00";
    const expected = h.emulator.state.backups.filter(
      (b) => b.type === "full" && b.start_time >= since && b.start_time < "2026-11-15T00:00:00Z",
    );
    expect(expected.length).toBeGreaterThan(20);
    const result = await h.call("list_backups", {
      type: "full",
      since,
      until,
      all_pages: true,
      max_items: 10,
    });
    const whole = structured<Whole>(result);
    expect(whole).toMatchObject({ backups_count: expected.length, returned: 10, truncated: true });
    const newest = [...expected].sort((a, b) => (a.start_time < b.start_time ? 1 : -1));
    expect(whole.backups.map((b) => b.start_time)).toEqual(
      newest.slice(0, 10).map((b) => b.start_time),
    );
    expect(whole.backups.every((b) => b.type === "full" && b.start_time >= since)).toBe(true);
  });

  it("list_service_backups and list_backup_schedules page through too", async ({ h }) => {
    const service = h.emulator.state.services[5]!;
    const failed = h.emulator.state.backups.filter(
      (b) => b.service_id === service && b.type === "incremental",
    );
    const backups = structured<Whole>(
      await h.call("list_service_backups", {
        service_id: service,
        type: "incremental",
        all_pages: true,
        max_items: 5000,
      }),
    );
    expect(backups.backups_count).toBe(failed.length);
    expect(new Set(backups.backups.map((b) => b.id))).toEqual(new Set(failed.map((b) => b.id)));

    const schedules = [...h.emulator.state.schedules.values()].filter(
      (s) => s.service_id === service,
    );
    const listed = structured<{ schedules: Array<{ id: number }>; schedules_count: number }>(
      await h.call("list_backup_schedules", { service_id: service, all_pages: true }),
    );
    expect(listed.schedules_count).toBe(schedules.length);
    expect(listed.schedules.map((s) => s.id).sort()).toEqual(schedules.map((s) => s.id).sort());
  });

  it("refuses a malformed since before any request", async ({ h }) => {
    const before = h.emulator.requests.length;
    const result = await h.call("list_backups", { since: "yesterday" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("since must be an RFC 3339 time");
    expect(h.emulator.requests.length).toBe(before);
  });
});
