import { describe, expect, it } from "vitest";
import { initialize, spawnServer } from "../helpers/spawn.js";

const WRITE_TOOLS = ["create_backup_schedule", "update_backup_schedule", "delete_backup_schedule"];

describe("read-only mode and tool selection in the built server", () => {
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
