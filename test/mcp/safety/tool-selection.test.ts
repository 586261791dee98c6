import { describe, expect } from "vitest";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { selectTools } from "../../../src/tools/define.js";
import { textOf } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

const WRITE_TOOLS = ["create_backup_schedule", "update_backup_schedule", "delete_backup_schedule"];

describe("read-only mode and tool selection", () => {
  it("read-only lists no write tool and refuses calls to them without a request", async ({
    freshHarness,
  }) => {
    const tools = selectTools(ALL_TOOLS, { readOnly: true, tools: undefined, disabledTools: [] });
    const h = await freshHarness({ tools });
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(listed.filter((name) => WRITE_TOOLS.includes(name))).toEqual([]);
    for (const name of WRITE_TOOLS) {
      const result = await h.call(name, {
        id: 101,
        service_id: "dbtgf28216706",
        backup_type: "full",
        schedule: "once",
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`Tool ${name} not found`);
    }
    expect(h.emulator.requests).toHaveLength(0);
    expect(h.client.getInstructions()).toContain("read-only");
  });

  it("the instructions name exactly the write tools that are registered", async ({
    freshHarness,
  }) => {
    const tools = selectTools(ALL_TOOLS, {
      readOnly: false,
      tools: undefined,
      disabledTools: ["create_backup_schedule"],
    });
    const h = await freshHarness({ tools });
    const instructions = h.client.getInstructions() ?? "";
    expect(instructions).not.toContain("read-only");
    expect(instructions).not.toContain("create_backup_schedule (");
    expect(instructions).toContain(
      "Changes: update_backup_schedule (type, cron, suspend/resume), delete_backup_schedule, suspend_service_schedules (pause/resume all of a service's schedules in one call), create_restore (always previews; plan_restore first), cancel_restore.",
    );
  });
});
