import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { narrowServices } from "../../../src/safety/scope.js";
import { MAX_NARROWED_SELECTIONS, selectTools, toolNarrower } from "../../../src/tools/define.js";

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

  it("a selection that leaves no tool is a start-up error, not a server whose tools/list fails", () => {
    expect(() =>
      selectTools(ALL_TOOLS, { readOnly: true, tools: ["create_restore"], disabledTools: [] }),
    ).toThrow("no tool is left to serve: --read-only keeps only read tools");
    expect(() =>
      selectTools(ALL_TOOLS, {
        readOnly: false,
        tools: ["list_backups"],
        disabledTools: ["list_backups"],
      }),
    ).toThrow(ConfigError);
  });
});

describe("a request's narrowing (team mode)", () => {
  const offered = ALL_TOOLS.filter((tool) => tool.name !== "create_restore");
  const names = (result: ReturnType<ReturnType<typeof toolNarrower>>) =>
    Array.isArray(result) ? result.map((tool) => tool.name) : result;

  it("only ever takes away: a tool the operator left out stays out when named", () => {
    const narrow = toolNarrower(ALL_TOOLS, offered);
    expect(narrow({ readOnly: false, tools: undefined })).toBe(offered);
    expect(names(narrow({ readOnly: false, tools: ["list_backups", "create_restore"] }))).toEqual([
      "list_backups",
    ]);
    expect(narrow({ readOnly: false, tools: ["create_restore"] })).toEqual({
      noneOf: ["create_restore"],
      usable: offered.map((tool) => tool.name),
    });
    expect(names(narrow({ readOnly: true, tools: undefined }))).not.toContain(
      "delete_backup_schedule",
    );
    expect(narrow({ readOnly: false, tools: ["list_backupz"] })).toEqual({
      unknown: ["list_backupz"],
    });
  });

  it("hands the same selection back as the same array, and keeps a bounded number of them", () => {
    const narrow = toolNarrower(ALL_TOOLS, offered);
    const first = narrow({ readOnly: true, tools: undefined });
    expect(narrow({ readOnly: true, tools: undefined })).toBe(first);
    // Every pair of tools is a selection of its own: more of them than the memo holds.
    const pairs = offered.flatMap((one, index) =>
      offered.slice(index + 1).map((other) => [one.name, other.name]),
    );
    expect(pairs.length).toBeGreaterThan(MAX_NARROWED_SELECTIONS);
    for (const tools of pairs.slice(0, MAX_NARROWED_SELECTIONS - 1))
      narrow({ readOnly: false, tools });
    expect(narrow({ readOnly: true, tools: undefined })).toBe(first);
    for (const tools of pairs.slice(0, MAX_NARROWED_SELECTIONS)) narrow({ readOnly: false, tools });
    expect(narrow({ readOnly: true, tools: undefined })).not.toBe(first);
    expect(names(narrow({ readOnly: true, tools: undefined }))).toEqual(names(first));
  });
});

describe("a request's services (team mode)", () => {
  it("keeps only those the operator allows, and never turns nothing into everything", () => {
    expect(narrowServices(undefined, undefined)).toEqual({ services: undefined });
    expect(narrowServices(["dbaaaaa1"], undefined)).toEqual({ services: ["dbaaaaa1"] });
    expect(narrowServices(undefined, ["dbbbbbb2"])).toEqual({ services: ["dbbbbbb2"] });
    expect(narrowServices(["dbaaaaa1"], ["dbbbbbb2", "dbaaaaa1"])).toEqual({
      services: ["dbaaaaa1"],
    });
    expect(narrowServices(["dbaaaaa1"], ["dbbbbbb2"])).toEqual({ outside: ["dbbbbbb2"] });
  });
});
