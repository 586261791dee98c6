import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  END,
  START,
  TOOLS_END,
  TOOLS_START,
  withSettings,
  withTools,
} from "../../helpers/readme-tables.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { SERVER_SETTINGS } from "../../../src/config/settings.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

function block(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start, `README.md lacks ${START}`).toBeGreaterThanOrEqual(0);
  expect(end, `README.md lacks ${END} after ${START}`).toBeGreaterThan(start);
  return readme.slice(start + START.length, end);
}

describe("the README's configuration tables", () => {
  // The generator pads columns as prettier does, so the comparison is exact.
  it("match the settings tables (run `npm run docs:settings` to rewrite them)", () => {
    expect(block(README)).toBe(block(withSettings(README)));
  });

  it("name every variable and flag of the server's settings", () => {
    const table = block(README);
    for (const setting of Object.values(SERVER_SETTINGS)) {
      if (setting.env !== undefined) expect(table).toContain(`| \`${setting.env}\``);
      if (setting.flag !== undefined) expect(table).toContain(`| \`--${setting.flag}`);
    }
  });

  it("a drifted row is detected, and rewriting restores it", () => {
    const drifted = README.replace("| `SKYSQL_MAX_RETRIES` ", "| `SKYSQL_MAX_RETRY`   ");
    expect(drifted).not.toBe(README);
    expect(block(drifted)).not.toBe(block(withSettings(drifted)));
    expect(withSettings(drifted)).toBe(README);
  });
});

describe("the README's tools table", () => {
  const tools = (readme: string): string =>
    readme.slice(readme.indexOf(TOOLS_START), readme.indexOf(TOOLS_END));

  it("matches the tool definitions (run `npm run docs:settings` to rewrite it)", () => {
    expect(tools(README)).toBe(tools(withTools(README)));
  });

  it("names every tool with its description", () => {
    for (const tool of ALL_TOOLS) {
      expect(tools(README)).toContain(`| \`${tool.name}\``);
      expect(tools(README)).toContain(tool.description);
    }
  });
});
