/**
 * The seams docs/ARCHITECTURE.md draws are enforced by eslint, so `npm run
 * check` fails when one is crossed. Probes that cross each seam are linted as
 * text at a path inside src/ (nothing is written there), with the project's
 * own configuration and only its import rule, so no type information is built
 * and this takes about a second. The cycle rule follows imports on disk, so
 * for it the configuration itself is asked: every folder of src/ has it on.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Kept out of a literal import line, so test-kinds does not read this file as importing the SDK.
const SDK_TYPES = ["@modelcontextprotocol", "sdk", "types.js"].join("/");
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const importRules = new ESLint({
  cwd: ROOT,
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
  // The probes are not on disk, so no TypeScript program can hold them; the rule needs none.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

/** The rules a file at `path` (from the root) with `code` breaks. */
async function broken(path: string, code: string): Promise<(string | null)[]> {
  const [result] = await importRules.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const useTools =
  'import { ALL_TOOLS } from "../tools/all-tools.js";\nexport const n = ALL_TOOLS.length;\n';
const useSdk = `import type { Tool } from "${SDK_TYPES}";\nexport type T = Tool;\n`;

describe("npm run check's import rules", () => {
  it("keep team mode's http/ between modes/ and mcp/: no tools from http/, no http/ from mcp/", async () => {
    expect(await broken("src/http/probe.ts", useTools)).toEqual(["no-restricted-imports"]);
    expect(
      await broken(
        "src/mcp/probe.ts",
        'import { MAX_BODY_BYTES } from "../http/body.js";\nexport const n = MAX_BODY_BYTES;\n',
      ),
    ).toEqual(["no-restricted-imports"]);
  });

  it("fail an SDK import outside src/mcp/ and an upward import, and pass the SDK inside src/mcp/", async () => {
    expect(await broken("src/util/probe.ts", useSdk)).toEqual(["no-restricted-imports"]);
    expect(await broken("src/tools/probe.ts", useSdk)).toEqual(["no-restricted-imports"]);
    expect(await broken("src/util/probe.ts", useTools)).toEqual(["no-restricted-imports"]);
    expect(await broken("src/api/probe.ts", useTools)).toEqual(["no-restricted-imports"]);
    expect(await broken("src/mcp/probe.ts", useSdk)).toEqual([]);
  });

  it("keep the emulator apart: api/ types and util/ only, not cron/ or the recovery model", async () => {
    const from = (module: string) => `import * as m from "../${module}";\nexport const n = m;\n`;
    expect(await broken("src/emulator/probe.ts", from("cron/parse.js"))).toEqual([
      "no-restricted-imports",
    ]);
    expect(await broken("src/emulator/probe.ts", from("recovery/model.js"))).toEqual([
      "no-restricted-imports",
    ]);
    expect(await broken("src/util/probe.ts", from("recovery/model.js"))).toEqual([
      "no-restricted-imports",
    ]);
    expect(await broken("src/emulator/probe.ts", from("util/time.js"))).toEqual([]);
  });

  it("fail an import cycle in every folder of src/", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(10);
    for (const folder of ["", ...folders]) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, "src", folder, "x.ts"))) as {
        rules: Record<string, unknown[]>;
      };
      expect(config.rules["import-x/no-cycle"]?.[0], `src/${folder}`).toBe(2);
    }
  });
});
