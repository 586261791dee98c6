/**
 * docs/ARCHITECTURE.md's "may import" column, held to the lint rule itself:
 * for each row, a probe in that folder imports every other folder of src/ and
 * the SDK, one per line, and the lines eslint refuses must be exactly the
 * ones the row does not allow. Linted as text (nothing is written to src/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOC = readFileSync(join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");
const FOLDERS = readdirSync(join(ROOT, "src"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const SDK = "the SDK";
// Kept out of a literal import line, so test-kinds does not read this file as importing the SDK.
const SDK_TYPES = ["@modelcontextprotocol", "sdk", "types.js"].join("/");

const lint = new ESLint({
  cwd: ROOT,
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

const folderNames = (text: string): string[] =>
  [...text.matchAll(/`([a-z]+)\/`/g)].map((m) => m[1] ?? "");

/** The folders "the domain folders" stands for, as the table spells them out once. */
const DOMAIN = folderNames(/the domain folders \(([^)]*)\)/.exec(DOC)?.[1] ?? "");

interface Row {
  folders: string[];
  allowed: Set<string>;
}

/** The table's rows for folders of src/, each with what its last cell allows. */
function rows(): Row[] {
  const table = DOC.split("\n").filter((line) => /^\| `[a-z]+\/`/.test(line));
  return table.map((line) => {
    const cells = line.split("|").map((cell) => cell.trim());
    const may = cells.at(-2) ?? "";
    const allowed = new Set<string>();
    if (may.startsWith("anything")) FOLDERS.forEach((f) => allowed.add(f));
    if (may === "anything" || (may.includes(SDK) && !may.includes(`but ${SDK}`))) allowed.add(SDK);
    if (may.includes("the domain folders")) DOMAIN.forEach((f) => allowed.add(f));
    for (const folder of folderNames(may.replace(/\([^)]*\)/g, ""))) allowed.add(folder);
    return { folders: folderNames(cells[1] ?? ""), allowed };
  });
}

/** What eslint refuses a file in `folder` to import: folders of src/, and the SDK. */
async function refused(folder: string): Promise<Set<string>> {
  const targets = [...FOLDERS.filter((f) => f !== folder), SDK];
  const code = targets
    .map((target, i) =>
      target === SDK
        ? `import type * as m${i} from "${SDK_TYPES}";`
        : `import * as m${i} from "../${target}/probe-target.js";`,
    )
    .join("\n");
  const [result] = await lint.lintText(code, { filePath: join(ROOT, "src", folder, "probe.ts") });
  return new Set((result?.messages ?? []).map((m) => targets[m.line - 1] ?? "?"));
}

describe("docs/ARCHITECTURE.md's import column", () => {
  const table = rows();

  it("has a row for every folder of src/, and spells out the domain folders", () => {
    expect(table.flatMap((row) => row.folders).sort()).toEqual([...FOLDERS].sort());
    expect(DOMAIN.length).toBeGreaterThan(3);
  });

  it.each(table.flatMap((row) => row.folders.map((folder) => [folder, row] as const)))(
    "%s/ may import what its row says, and eslint refuses the rest",
    async (folder, row) => {
      const expected = [...FOLDERS.filter((f) => f !== folder), SDK].filter(
        (target) => !row.allowed.has(target),
      );
      expect([...(await refused(folder))].sort()).toEqual(expected.sort());
    },
  );
});
