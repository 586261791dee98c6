import { describe, expect, it } from "vitest";
import { targetReport } from "../../../src/recovery/planner.js";

const facts = (status: string) => ({
  sourceId: "dbtgf28216706",
  targetId: "dbgsr10358824",
  eligible: true,
  restores: [{ id: 4, status, backup_id: "dbtgf28216706" }],
});

describe("plan_restore's target report", () => {
  it.each(["Running", "Scheduled", "Pending", "something new"])(
    "a restore in status %s there means the target is not ready",
    (status) => {
      const report = targetReport(facts(status));
      expect(report.ready).toBe(false);
      expect(report.running_restores).toHaveLength(1);
    },
  );

  it.each(["Succeeded", "failed", "Cancelled"])("a %s restore leaves it ready", (status) => {
    const report = targetReport(facts(status));
    expect(report.ready).toBe(true);
    expect(report.running_restores).toEqual([]);
  });
});
