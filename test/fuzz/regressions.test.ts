/**
 * The bugs the fuzz found, kept as regression tests now that they are
 * fixed. A new finding gets a test here that fails until its fix lands.
 */
import { describe, expect } from "vitest";
import { textOf, type Harness } from "../helpers/harness.js";
import { testWithHarness } from "../helpers/fixtures.js";
import { listItemsOverlap } from "./cron-oracle.js";

const it = testWithHarness({ confirm: "never", seed: 7 });

describe("bugs the fuzz found (fixed, kept as regressions)", () => {
  let serviceId: string;
  it.beforeAll(({ h }) => {
    const service = h.emulator.state.services.find(
      (id) => h.emulator.state.service(id)?.cloudProvider !== "azure",
    );
    serviceId = service ?? "";
  });

  /** Calls a tool and returns its result and the requests it sent. */
  async function call(h: Harness, name: string, args: Record<string, unknown>) {
    const before = h.emulator.requests.length;
    const result = await h.call(name, args);
    return { result, text: textOf(result), sent: h.emulator.requests.slice(before) };
  }

  it("the oracle knows an overlapping cron list when it sees one", () => {
    expect(listItemsOverlap("*/15,30 * * * *")).toBe(true);
    expect(listItemsOverlap("0 2 * * 0,7")).toBe(true);
    expect(listItemsOverlap("0,30 2 * * 1-5")).toBe(false);
  });

  it.for(["*/15,30 * * * *", "0 2 * * 0,7", "0 1-5,3 * * *"])(
    "cron-overlapping-list-refused: create_backup_schedule accepts %j, a valid 5-field cron",
    async (schedule, { h }) => {
      const { result, text } = await call(h, "create_backup_schedule", {
        service_id: serviceId,
        backup_type: "full",
        schedule,
        allow_duplicate: true,
        allow_frequent: true,
      });
      expect(result.isError, text).toBeFalsy();
    },
  );

  it("service-backups-short-id-sent: list_service_backups refuses a 4-character id before sending", async ({
    h,
  }) => {
    const { result, sent } = await call(h, "list_service_backups", { service_id: "abcd" });
    expect(result.isError).toBe(true);
    expect(sent).toEqual([]);
  });

  it("update-to-once-sent: update_backup_schedule refuses schedule once before sending", async ({
    h,
  }) => {
    const recurring = [...h.emulator.state.schedules.values()].find((s) => s.schedule !== "once");
    const { result, text, sent } = await call(h, "update_backup_schedule", {
      id: recurring?.id,
      schedule: "once",
    });
    expect(result.isError).toBe(true);
    expect(text).toContain("once");
    expect(sent.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it.for(["2025-11-26T14:05:00+99:99", "2025-11-26T14:05:00-00:60"])(
    "restore-offset-unchecked: plan_restore refuses target_time %j (no such UTC offset)",
    async (target_time, { h }) => {
      const { result, text, sent } = await call(h, "plan_restore", {
        service_id: serviceId,
        target_time,
      });
      expect(result.isError).toBe(true);
      expect(text).toContain("target_time");
      expect(sent).toEqual([]);
    },
  );
});
