/**
 * The seams docs/ARCHITECTURE.md draws are enforced by eslint, so `npm run
 * check` fails when one is crossed. Probe files that cross each seam are
 * written into src/ for the length of this test and linted with the
 * project's own configuration.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

// Kept out of a literal import line, so test-kinds does not read this file as importing the SDK.
const SDK_TYPES = ["@modelcontextprotocol", "sdk", "types.js"].join("/");
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PROBES = join(ROOT, "src", "util", `lint-probe-${process.pid}`);
const probe = (name: string, code: string): string => {
  mkdirSync(PROBES, { recursive: true });
  const path = join(PROBES, name);
  writeFileSync(path, code);
  return path;
};

describe("npm run check's import rules", () => {
  const seamProbes = ["http", "mcp"].map((folder) =>
    join(ROOT, "src", folder, `lint-probe-${process.pid}`),
  );
  afterAll(() => {
    for (const dir of [PROBES, ...seamProbes]) rmSync(dir, { recursive: true, force: true });
  });

  it("keep team mode's http/ between modes/ and mcp/: no tools from http/, no http/ from mcp/", async () => {
    const [httpDir = "", mcpDir = ""] = seamProbes;
    mkdirSync(httpDir, { recursive: true });
    mkdirSync(mcpDir, { recursive: true });
    const toolsFromHttp = join(httpDir, "tools.ts");
    writeFileSync(
      toolsFromHttp,
      'import { ALL_TOOLS } from "../../tools/index.js";\nexport const n = ALL_TOOLS.length;\n',
    );
    const httpFromMcp = join(mcpDir, "http.ts");
    writeFileSync(
      httpFromMcp,
      'import { MAX_BODY_BYTES } from "../../http/body.js";\nexport const n = MAX_BODY_BYTES;\n',
    );
    const results = await new ESLint({ cwd: ROOT }).lintFiles([toolsFromHttp, httpFromMcp]);
    for (const result of results)
      expect(
        result.messages.map((m) => m.ruleId),
        result.filePath,
      ).toEqual(["no-restricted-imports"]);
  }, 60_000);

  it("fail an SDK import outside src/mcp/, an upward import and an import cycle", async () => {
    const files = [
      probe("sdk.ts", `import type { Tool } from "${SDK_TYPES}";\nexport type T = Tool;\n`),
      probe(
        "upward.ts",
        'import { ALL_TOOLS } from "../../tools/index.js";\nexport const n = ALL_TOOLS.length;\n',
      ),
      probe(
        "cycle-a.ts",
        'import { b } from "./cycle-b.js";\nexport const a = (): number => b() + 1;\n',
      ),
      probe(
        "cycle-b.ts",
        'import { a } from "./cycle-a.js";\nexport const b = (): number => a() - 1;\n',
      ),
    ];
    const results = await new ESLint({ cwd: ROOT }).lintFiles(files);
    const rules = Object.fromEntries(
      results.map((r) => [r.filePath.split("/").pop(), r.messages.map((m) => m.ruleId)]),
    );
    expect(rules).toEqual({
      "sdk.ts": ["no-restricted-imports"],
      "upward.ts": ["no-restricted-imports"],
      "cycle-a.ts": ["import-x/no-cycle"],
      "cycle-b.ts": ["import-x/no-cycle"],
    });
  }, 60_000);

  it("pass the same SDK import inside src/mcp/", async () => {
    const [result] = await new ESLint({ cwd: ROOT }).lintFiles([join(ROOT, "src/mcp/server.ts")]);
    expect(result?.errorCount).toBe(0);
  }, 60_000);
});
