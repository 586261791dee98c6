/**
 * npm run bench [-- section ...]: compiles bench/ (TypeScript, type-checked by
 * `npm run check` like the rest) with esbuild into node_modules/.cache, where
 * packages resolve from this repository's node_modules, and runs it against
 * the dist/ that `npm run bench` has just built. Sections: first-answer, per-call,
 * audit, tokens, memory, http. Exits 1 if any figure misses its target.
 */
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { URL, fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "node_modules", ".cache", "skybackup-bench", "run.mjs");

if (!existsSync(join(ROOT, "dist", "index.js"))) {
  process.stderr.write("bench: dist/index.js is missing; run `npm run build` first\n");
  process.exit(2);
}
await build({
  absWorkingDir: ROOT,
  entryPoints: ["bench/run.ts"],
  outfile: OUT,
  bundle: true,
  // Packages stay imports; the emulator is bundled from src/ like any bench code.
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
const { run } = await import(pathToFileURL(OUT).href);
const ok = await run({ root: ROOT, only: process.argv.slice(2) });
process.exit(ok ? 0 : 1);
