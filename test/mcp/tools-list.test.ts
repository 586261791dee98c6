/**
 * One committed tools/list entry per tool, in test/__toolsnaps__/<tool>.json
 * (as github-mcp-server's __toolsnaps__), so a review shows exactly which
 * tool's name, description, schemas or annotations changed.
 *
 * To accept a change (or add a new tool's snapshot), run
 *   UPDATE_TOOLSNAPS=1 npx vitest run test/mcp/tools-list.test.ts
 * and commit the files it writes. vitest's own `-u` does not touch them: a
 * tool without a snapshot fails even in a local run.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect } from "vitest";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { harnessTest as it } from "../helpers/fixtures.js";

const SNAP_DIR = fileURLToPath(new URL("../__toolsnaps__/", import.meta.url));
const UPDATE = process.env.UPDATE_TOOLSNAPS === "1";
const snapFile = (name: string) => `${SNAP_DIR}${name}.json`;
const render = (tool: Tool) => `${JSON.stringify(tool, null, 2)}\n`;
const HOW_TO_UPDATE = "UPDATE_TOOLSNAPS=1 npx vitest run test/mcp/tools-list.test.ts";

describe("tools/list matches test/__toolsnaps__/<tool>.json", () => {
  it("the server lists every tool in ALL_TOOLS, once", async ({ h }) => {
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS.map((t) => t.name));
  });

  for (const { name } of ALL_TOOLS) {
    it(`${name}`, async ({ h }) => {
      const { tools } = await h.client.listTools();
      const tool = tools.find((t) => t.name === name);
      expect(tool, `${name} is not in tools/list`).toBeDefined();
      const actual = render(tool as Tool);
      if (UPDATE) writeFileSync(snapFile(name), actual);
      expect(
        existsSync(snapFile(name)),
        `${name} has no snapshot in test/__toolsnaps__/: run ${HOW_TO_UPDATE}`,
      ).toBe(true);
      expect(
        readFileSync(snapFile(name), "utf8"),
        `tool ${name} changed; if intended, run ${HOW_TO_UPDATE}`,
      ).toBe(actual);
    });
  }

  it("no snapshot is left for a tool that no longer exists", () => {
    const names = new Set(ALL_TOOLS.map((t) => `${t.name}.json`));
    const stale = readdirSync(SNAP_DIR).filter((file) => !names.has(file));
    if (UPDATE) for (const file of stale) rmSync(`${SNAP_DIR}${file}`);
    const left = readdirSync(SNAP_DIR).filter((file) => !names.has(file));
    expect(left, `stale snapshots; run ${HOW_TO_UPDATE} to delete them`).toEqual([]);
  });
});

describe("every listed tool", () => {
  it("sets all four annotation hints and has an output schema", async ({ h }) => {
    const { tools } = await h.client.listTools();
    for (const tool of tools) {
      const hints = tool.annotations ?? {};
      for (const hint of [
        "readOnlyHint",
        "destructiveHint",
        "idempotentHint",
        "openWorldHint",
      ] as const) {
        expect(typeof hints[hint], `${tool.name}.${hint}`).toBe("boolean");
      }
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.title, tool.name).toBeTruthy();
    }
  });
});
