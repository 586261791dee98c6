/**
 * npm run release: everything a release does up to publishing, and the
 * publishing itself only where it can be trusted.
 *
 *   1. the version in package.json and bundle/manifest.json agree;
 *   2. npm run check and npm test (skip with --skip-tests, e.g. when CI has just run them);
 *   3. the npm tarball (npm pack) and the MCP Bundle (npm run bundle) into dist-release/;
 *   4. with --publish: npm publish --provenance, which npm allows only from a CI job with an
 *      OIDC identity (GitHub Actions' id-token), so that is checked first. Without --publish it
 *      is a dry run and says what it would publish.
 *
 * Not done here: the MCP Registry entry (server.json and package.json's mcpName) needs the
 * project's public namespace (io.github.<owner>/... or a domain it owns), which it does not
 * have yet; a made-up one would be refused by the registry or, worse, squat someone's.
 * This machine cannot reach the npm registry for publishing either, so --publish is only
 * ever exercised up to its checks (test/process/release.test.ts).
 */
import console from "node:console";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "dist-release");
const args = new Set(process.argv.slice(2));
const known = new Set(["--skip-tests", "--publish"]);
const unknown = [...args].filter((arg) => !known.has(arg));
if (unknown.length > 0)
  fail(`unknown option(s) ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
const publish = args.has("--publish");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}
function step(message) {
  console.error(`release: ${message}`);
}
function run(command, commandArgs, options = {}) {
  return execFileSync(command, commandArgs, {
    cwd: ROOT,
    stdio: ["ignore", options.capture ? "pipe" : "inherit", "inherit"],
    encoding: "utf8",
  });
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(ROOT, "bundle", "manifest.json"), "utf8"));
if (manifest.version !== pkg.version)
  fail(`bundle/manifest.json is version ${manifest.version}, package.json ${pkg.version}`);

// Checked before any work: a publish that cannot carry provenance must not start.
if (publish && !(process.env.CI && process.env.ACTIONS_ID_TOKEN_REQUEST_URL))
  fail(
    "--publish runs only in a CI job with an OIDC identity (GitHub Actions with permissions: id-token: write), " +
      "which npm publish --provenance needs; nothing was built or published",
  );

if (args.has("--skip-tests")) step("check and tests skipped (--skip-tests)");
else {
  step("npm run check");
  run(npm, ["run", "check"]);
  step("npm test");
  run(npm, ["test"]);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
step("npm run bundle (builds first)");
run(npm, ["run", "bundle"]);
const bundle = `${pkg.name}-${pkg.version}.mcpb`;
copyFileSync(join(ROOT, "dist-bundle", bundle), join(OUT, bundle));
// Built just now by the bundle step: prepack would build again, and print into the JSON.
step("npm pack");
const packed = JSON.parse(
  run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", OUT], { capture: true }),
);
const tarball = packed[0]?.filename;
if (!tarball || !readdirSync(OUT).includes(tarball)) fail("npm pack wrote no tarball");

const files = [tarball, bundle].map((file) => join("dist-release", file));
if (!publish) {
  console.log(
    [
      `dry run: nothing published. ${pkg.name} ${pkg.version}:`,
      ...files.map((file) => `  ${file}`),
      "to publish, from CI with an OIDC identity: npm run release -- --skip-tests --publish",
    ].join("\n"),
  );
  process.exit(0);
}
step(`npm publish ${tarball} --provenance --access public`);
run(npm, ["publish", join(OUT, tarball), "--provenance", "--access", "public"]);
console.log(`published ${pkg.name} ${pkg.version}; attach ${files[1]} to the release`);
