import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/index.js";
import { ALL_TOOLS } from "../../../src/tools/index.js";
import { selectTools } from "../../../src/tools/select.js";

describe("tool selection", () => {
  it("--tools allows and --disable-tools removes", () => {
    const names = (sel: Parameters<typeof selectTools>[1]) =>
      selectTools(ALL_TOOLS, sel).map((t) => t.name);
    expect(
      names({
        readOnly: false,
        tools: ["list_backups", "delete_backup_schedule"],
        disabledTools: [],
      }),
    ).toEqual(["list_backups", "delete_backup_schedule"]);
    expect(
      names({ readOnly: false, tools: undefined, disabledTools: ["delete_backup_schedule"] }),
    ).not.toContain("delete_backup_schedule");
    expect(
      names({
        readOnly: true,
        tools: ["list_backups", "create_backup_schedule"],
        disabledTools: [],
      }),
    ).toEqual(["list_backups"]);
  });

  it("an unknown tool name is a start-up error", () => {
    expect(() =>
      selectTools(ALL_TOOLS, { readOnly: false, tools: ["list_backup"], disabledTools: [] }),
    ).toThrow(ConfigError);
    expect(() =>
      selectTools(ALL_TOOLS, { readOnly: false, tools: undefined, disabledTools: ["drop_all"] }),
    ).toThrow("--disable-tools: unknown tool(s) drop_all");
  });
});
