/**
 * npm run bundle: the MCP Bundle (.mcpb) for one-click install in Claude
 * Desktop and other clients that read bundles. It carries bundle/manifest.json,
 * its icon (bundle/icon.png, drawn by scripts/icon.mjs) and the single-file build (dist/: the launcher and the bundled server, no
 * node_modules, which the build makes unnecessary) and is written to
 * dist-bundle/skybackup-mcp-<version>.mcpb. Run `npm run build` first (the
 * npm script does).
 */
import console from "node:console";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(ROOT, "bundle", "manifest.json"), "utf8"));
if (manifest.version !== pkg.version) {
  console.error(`bundle/manifest.json is version ${manifest.version}, package.json ${pkg.version}`);
  process.exit(1);
}
const OUT = join(ROOT, "dist-bundle");
const STAGE = join(OUT, "stage");
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(STAGE, "server"), { recursive: true });
for (const file of ["manifest.json", "icon.png"])
  copyFileSync(join(ROOT, "bundle", file), join(STAGE, file));
for (const file of ["index.js", "server.cjs", "THIRD-PARTY-NOTICES.md"])
  copyFileSync(join(ROOT, "dist", file), join(STAGE, "server", file));
for (const file of ["README.md", "LICENSE"]) copyFileSync(join(ROOT, file), join(STAGE, file));
const target = join(OUT, `${pkg.name}-${pkg.version}.mcpb`);
const mcpb = join(ROOT, "node_modules", ".bin", "mcpb");
execFileSync(mcpb, ["pack", STAGE, target], { stdio: ["ignore", "ignore", "inherit"] });
rmSync(STAGE, { recursive: true, force: true });
console.log(target);
