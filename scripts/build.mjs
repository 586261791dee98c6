/**
 * npm run build: the server bundled into dist/.
 *
 * dist/server.cjs is the whole server (src/main.ts), one CommonJS module
 * written as the function Node wraps a module in, so that the bin can compile
 * it as read through a V8 code cache (src/index.ts explains why). Only the bin
 * runs it: required or run by itself, it is a function expression that does
 * nothing. dist/index.js is that bin: a few lines of ES module, shebang kept,
 * mode 755. Every runtime dependency is bundled, so the package needs nothing
 * from node_modules at run time; the build fails if any import other than a
 * Node built-in is left external. Type checking stays with `tsc --noEmit` in
 * `npm run check`.
 */
import { build } from "esbuild";
import console from "node:console";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { URL, fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "dist");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

rmSync(OUT, { recursive: true, force: true });
const started = performance.now();
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: "node",
  target: "node20",
  // Whitespace and syntax only: names stay, so a `fatal:` stack trace is readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  define: {
    __SKYBACKUP_VERSION__: JSON.stringify(pkg.version),
    // No homepage in package.json: serverInfo then has no websiteUrl.
    __SKYBACKUP_HOMEPAGE__: pkg.homepage === undefined ? "undefined" : JSON.stringify(pkg.homepage),
  },
  metafile: true,
  logLevel: "warning",
  // cron-parser requires luxon's CommonJS build and src/cron/parse.ts imports luxon to set
  // its locale: both must get the same copy, or the setting misses and the bundle holds two.
  alias: { luxon: "./node_modules/luxon/build/node/luxon.js" },
};
/**
 * zod exports every locale it has (about 40, 250 KB of the bundle) as z.locales, which no one
 * here reads: its messages are the English ones zod sets itself. Each start reads and hashes
 * the whole bundle, so the namespace is built from English alone.
 */
const englishZodOnly = {
  name: "english-zod-only",
  setup(plugin) {
    plugin.onLoad(
      { filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ },
      () => ({
        contents: 'export { default as en } from "./en.js";',
      }),
    );
  },
};
/**
 * Every tool's JSON schemas, converted here from the same code the server would run at
 * start-up (toolSchemas in src/mcp/server.ts) and written into the bundle as one string.
 */
async function toolSchemasJson() {
  const dir = mkdtempSync(join(tmpdir(), "skybackup-build-"));
  try {
    const outfile = join(dir, "tool-schemas.mjs");
    await build({
      ...common,
      stdin: {
        contents:
          'import { ALL_TOOLS } from "./src/tools/all-tools.ts";\n' +
          'import { toolSchemas } from "./src/mcp/server.ts";\n' +
          "export default JSON.stringify(toolSchemas(ALL_TOOLS));",
        resolveDir: ROOT,
        loader: "ts",
      },
      outfile,
      format: "esm",
      metafile: false,
    });
    return (await import(pathToFileURL(outfile).href)).default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const schemas = await toolSchemasJson();

const [server, launcher] = await Promise.all([
  build({
    ...common,
    entryPoints: ["src/main.ts"],
    outfile: join(OUT, "server.cjs"),
    format: "cjs",
    plugins: [englishZodOnly],
    define: { ...common.define, __SKYBACKUP_TOOL_SCHEMAS__: JSON.stringify(schemas) },
    // The file is the function Node would wrap a CommonJS module in (Module.wrap), so the bin
    // compiles it as read: wrapping 2.5 MB at every start made V8 copy it once more.
    banner: { js: "(function (exports, require, module, __filename, __dirname) {" },
    footer: { js: "\n})" },
  }),
  build({
    ...common,
    entryPoints: ["src/index.ts"],
    outfile: join(OUT, "index.js"),
    format: "esm",
  }),
]);
const result = {
  metafile: {
    inputs: { ...server.metafile.inputs, ...launcher.metafile.inputs },
    outputs: { ...server.metafile.outputs, ...launcher.metafile.outputs },
  },
};

// esbuild escapes every non-ASCII character (its default charset), and the bin reads the
// bundle as latin1, which is the same text only while it is ASCII: hold it to that.
const text = readFileSync(join(OUT, "server.cjs"));
const wide = text.findIndex((byte) => byte > 0x7f);
if (wide >= 0) {
  console.error(`build: dist/server.cjs is not ASCII (byte ${wide}); the bin reads it as latin1`);
  process.exit(1);
}

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
