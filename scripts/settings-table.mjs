/**
 * npm run docs:settings: rewrites what is generated from the code: the
 * README's configuration table (between <!-- settings:start --> and
 * <!-- settings:end -->) from src/config's settings tables, its tools table
 * (between <!-- tools:start --> and <!-- tools:end -->) from the tool
 * definitions, and the MCP Registry entry server.json from package.json and
 * the settings table. With --check (run by `npm run check`) it only says
 * whether they are stale, and exits 1 if any is.
 */
import { build } from "esbuild";
import console from "node:console";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { URL, fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import process from "node:process";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = join(ROOT, "README.md");
const SERVER_JSON = join(ROOT, "server.json");
// --check (in `npm run check`): say whether the tables are stale, write nothing.
const CHECK = process.argv.includes("--check");

/** Writes a file's generated text, or under --check only says whether it is stale. */
async function update(file, name, generate) {
  const before = readFileSync(file, "utf8");
  const options = (await prettier.resolveConfig(file)) ?? {};
  const after = await prettier.format(generate(before), { ...options, filepath: file });
  if (after === before) console.log(`${name}: already up to date`);
  else if (CHECK) {
    console.error(`${name}: stale; run \`npm run docs:settings\``);
    process.exitCode = 1;
  } else {
    writeFileSync(file, after);
    console.log(`${name}: rewritten`);
  }
}

// The generators are TypeScript; bundle them once to import them from plain Node.
const dir = mkdtempSync(join(tmpdir(), "skybackup-settings-"));
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["test/helpers/readme-tables.ts", "test/helpers/registry-entry.ts"],
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });
  const { withSettings, withTools } = await import(
    pathToFileURL(join(dir, "readme-tables.mjs")).href
  );
  const { registryEntry } = await import(pathToFileURL(join(dir, "registry-entry.mjs")).href);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  await update(README, "README.md's generated tables", (readme) => withTools(withSettings(readme)));
  if (!existsSync(SERVER_JSON) && CHECK) {
    console.error("server.json: missing; run `npm run docs:settings`");
    process.exitCode = 1;
  } else {
    if (!existsSync(SERVER_JSON)) writeFileSync(SERVER_JSON, "{}\n");
    await update(SERVER_JSON, "server.json", () => JSON.stringify(registryEntry(pkg)));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
