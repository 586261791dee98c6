/**
 * npm run docs:settings: rewrites the README's generated tables: the
 * configuration (between <!-- settings:start --> and <!-- settings:end -->)
 * from src/config's settings tables, and the tools (between <!-- tools:start -->
 * and <!-- tools:end -->) from the tool definitions. With --check (run by `npm run check`) it only says
 * whether they are stale, and exits 1 if they are.
 */
import { build } from "esbuild";
import console from "node:console";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { URL, fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import process from "node:process";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = join(ROOT, "README.md");
// --check (in `npm run check`): say whether the tables are stale, write nothing.
const CHECK = process.argv.includes("--check");

// The tables are TypeScript; bundle them once to import them from plain Node.
const dir = mkdtempSync(join(tmpdir(), "skybackup-settings-"));
try {
  const outfile = join(dir, "readme-tables.mjs");
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["test/helpers/readme-tables.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });
  const { withSettings, withTools } = await import(pathToFileURL(outfile).href);
  const before = readFileSync(README, "utf8");
  const options = (await prettier.resolveConfig(README)) ?? {};
  const after = await prettier.format(withTools(withSettings(before)), {
    ...options,
    filepath: README,
  });
  if (after === before) console.log("README.md: generated tables already up to date");
  else if (CHECK) {
    console.error("README.md: generated tables are stale; run `npm run docs:settings`");
    process.exitCode = 1;
  } else {
    writeFileSync(README, after);
    console.log("README.md: generated tables rewritten");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
