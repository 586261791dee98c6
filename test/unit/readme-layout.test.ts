/** CONTRIBUTING.md's Layout section names every folder of src/ and nothing that is gone. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(ROOT, "CONTRIBUTING.md"), "utf8");
const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
const named = layout
  .split("\n")
  .map((line) => /^(\S+)/.exec(line)?.[1])
  .filter((path): path is string => path !== undefined);

const folders = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${dir}/${entry.name}/`);

describe("CONTRIBUTING.md layout", () => {
  it("lists every folder of src/ and src/tools/", () => {
    expect(named.length).toBeGreaterThan(10);
    for (const folder of [...folders("src"), ...folders("src/tools")]) {
      expect(named, `${folder} is missing from CONTRIBUTING.md's Layout`).toContain(folder);
    }
  });

  it("names only paths that exist", () => {
    for (const path of named) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });
});
