import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import { ALL_TOOLS } from "../../src/tools/index.js";
import { selectTools } from "../../src/tools/select.js";
import { startHarness, textOf, type Harness } from "../helpers/harness.js";
import { initialize, spawnServer } from "../helpers/spawn.js";

const WRITE_TOOLS = ["create_backup_schedule", "update_backup_schedule", "delete_backup_schedule"];

describe("read-only mode and tool selection", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("read-only lists no write tool and refuses calls to them without a request", async () => {
    const tools = selectTools(ALL_TOOLS, { readOnly: true, tools: undefined, disabledTools: [] });
    h = await startHarness({ tools });
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

  it("the instructions name exactly the write tools that are registered", async () => {
    const tools = selectTools(ALL_TOOLS, {
      readOnly: false,
      tools: undefined,
      disabledTools: ["create_backup_schedule"],
    });
    h = await startHarness({ tools });
    const instructions = h.client.getInstructions() ?? "";
    expect(instructions).not.toContain("read-only");
    expect(instructions).not.toContain("create_backup_schedule (");
    expect(instructions).toContain(
      "Changes: update_backup_schedule (type, cron, suspend/resume), delete_backup_schedule, suspend_service_schedules (pause/resume all of a service's schedules in one call).",
    );
  });

  it("an unknown tool name is a start-up error", () => {
    expect(() =>
      selectTools(ALL_TOOLS, { readOnly: false, tools: ["list_backup"], disabledTools: [] }),
    ).toThrow(ConfigError);
    expect(() =>
      selectTools(ALL_TOOLS, { readOnly: false, tools: undefined, disabledTools: ["drop_all"] }),
    ).toThrow("--disable-tools: unknown tool(s) drop_all");
  });

  it("the built server honours SKYSQL_READ_ONLY and stops on an unknown --tools name", async () => {
    const readOnly = spawnServer(["--demo"], { SKYSQL_READ_ONLY: "true" });
    await initialize(readOnly);
    const list = (await readOnly.request("tools/list")) as {
      result: { tools: Array<{ name: string }> };
    };
    expect(
      list.result.tools.map((t) => t.name).filter((name) => WRITE_TOOLS.includes(name)),
    ).toEqual([]);
    readOnly.child.stdin.end();
    expect(await readOnly.exited).toBe(0);

    const typo = spawnServer(["--demo", "--tools", "list_backupz"], {});
    expect(await typo.exited).toBe(64);
    expect(typo.stderr()).toContain("--tools: unknown tool(s) list_backupz");
  });
});
