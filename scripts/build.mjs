/**
 * npm run build: one bundled ES module server in dist/.
 *
 * dist/index.js is the bin (shebang kept, mode 755). Code splitting keeps cold
 * paths in their own chunks, loaded only when used: the emulator (demo and
 * `emulator` modes) never costs a normal start. Every runtime dependency is
 * bundled, so the package needs nothing from node_modules at run time; the
 * build fails if any import other than a Node built-in is left external.
 * Type checking stays with `tsc --noEmit` in `npm run check`.
 */
import { build } from "esbuild";
import console from "node:console";
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "dist");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

// Bundled CommonJS (undici, ajv) calls require() for Node built-ins; an ES
// module has no require, so each chunk gets one.
const REQUIRE_BANNER =
  'import { createRequire as __skybackupCreateRequire } from "node:module";\n' +
  "const require = __skybackupCreateRequire(import.meta.url);";

rmSync(OUT, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { index: "src/index.ts" },
  outdir: OUT,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Whitespace and syntax only: names stay, so a `fatal:` stack trace is readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  banner: { js: REQUIRE_BANNER },
  define: { __SKYBACKUP_VERSION__: JSON.stringify(pkg.version) },
  metafile: true,
  logLevel: "warning",
});

// "node:" covers built-ins newer than this Node (undici's optional node:sqlite).
const builtins = new Set(builtinModules);
const strays = Object.values(result.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((imp) => imp.external && !imp.path.startsWith("node:") && !builtins.has(imp.path));
if (strays.length > 0) {
  console.error(`build: left external, so not bundled: ${strays.map((s) => s.path).join(", ")}`);
  process.exit(1);
}

const bin = join(OUT, "index.js");
if (!readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")) {
  console.error("build: dist/index.js lost its shebang");
  process.exit(1);
}
chmodSync(bin, 0o755);
writeFileSync(join(OUT, "THIRD-PARTY-NOTICES.md"), notices(result.metafile));

const ms = Math.round(performance.now() - started);
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  console.log(`  ${relative(ROOT, join(ROOT, file)).padEnd(40)} ${kb(output.bytes)}`);
}
console.log(`build: ${pkg.name} ${pkg.version} bundled in ${ms} ms`);

/** The licence text of every package the bundle contains, as their licences ask. */
function notices(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) dirs.add(match[1]);
  }
  const sections = [...dirs].sort().map((dir) => {
    const abs = join(ROOT, dir);
    const meta = JSON.parse(readFileSync(join(abs, "package.json"), "utf8"));
    const file = readdirSync(abs).find((name) => /^licen[cs]e/i.test(name));
    const text = file ? readFileSync(join(abs, file), "utf8").trim() : "(no licence file shipped)";
    return `## ${meta.name} ${meta.version} (${meta.license ?? "unknown"})\n\n\`\`\`\n${text}\n\`\`\``;
  });
  return `# Third-party software bundled in ${pkg.name}\n\n${sections.join("\n\n")}\n`;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1).padStart(8)} kB`;
}
