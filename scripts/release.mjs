/**
 * npm run release: everything a release does up to publishing, and the
 * publishing itself only where it can be trusted.
 *
 *   1. the version in package.json and bundle/manifest.json agree;
 *   2. npm run check and npm test (skip with --skip-tests, e.g. when CI has just run them);
 *   3. the npm tarball (npm pack) and the MCP Bundle (npm run bundle) into dist-release/, and
 *      the MCP Registry entry: server.json (generated and checked by npm run check) with the
 *      bundle added as a GitHub release asset and its SHA-256, which exists only now;
 *   4. with --publish: the bundle uploaded to the GitHub release, npm publish --provenance
 *      (which npm allows only from a CI job with an OIDC identity: GitHub Actions' id-token),
 *      then the registry entry with mcp-publisher (login github-oidc). All it needs, the
 *      identity, the GitHub owner the entry's name claims, the release and mcp-publisher, is
 *      checked before any work, since npm publish cannot be undone.
 *      Without --publish it is a dry run and says what it would publish.
 *
 * This machine reaches neither npm for publishing nor the registry, so --publish is only
 * ever exercised up to its checks (test/process/release.test.ts).
 */
import console from "node:console";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
// The registry lets only the GitHub owner in io.github.<owner>/... publish the entry.
const owner = /^io\.github\.([^/]+)\//.exec(pkg.mcpName ?? "")?.[1];
if (publish && owner === undefined)
  fail(
    `package.json's mcpName (${pkg.mcpName}) is not io.github.<owner>/<name>; nothing was built or published`,
  );
if (publish && owner.toLowerCase() !== process.env.GITHUB_REPOSITORY_OWNER?.toLowerCase())
  fail(
    `--publish needs the GitHub owner that package.json's mcpName (${pkg.mcpName}) claims; ` +
      `this job runs for ${process.env.GITHUB_REPOSITORY_OWNER ?? "no GitHub owner"}. Nothing was built or published`,
  );
// npm publish cannot be undone: what the steps after it need is there before anything starts.
if (publish) {
  for (const [command, commandArgs, what] of [
    [
      "gh",
      ["release", "view", `v${pkg.version}`],
      `a GitHub release v${pkg.version} (gh, with GH_TOKEN)`,
    ],
    ["mcp-publisher", ["--version"], "mcp-publisher on PATH"],
  ])
    try {
      execFileSync(command, commandArgs, { cwd: ROOT, stdio: "ignore" });
    } catch {
      fail(`--publish needs ${what}; nothing was built or published`);
    }
}

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

// The registry entry of this release: the committed one, held to the code by its generator's
// check (run here too, since --skip-tests skips npm run check), plus the bundle, as the asset
// the GitHub release will carry.
step("server.json is current (node scripts/settings-table.mjs --check)");
run(process.execPath, [join(ROOT, "scripts", "settings-table.mjs"), "--check"]);
const entry = JSON.parse(readFileSync(join(ROOT, "server.json"), "utf8"));
if (entry.name !== pkg.mcpName || entry.version !== pkg.version)
  fail("server.json is stale (name or version); run npm run docs:settings");
// The entry's repository URL is package.json's, in the form the registry shows (registry-entry.ts).
entry.packages.push({
  registryType: "mcpb",
  identifier: `${entry.repository.url}/releases/download/v${pkg.version}/${bundle}`,
  version: pkg.version,
  fileSha256: createHash("sha256")
    .update(readFileSync(join(OUT, bundle)))
    .digest("hex"),
  transport: { type: "stdio" },
});
writeFileSync(join(OUT, "server.json"), `${JSON.stringify(entry, null, 2)}\n`);

const files = [tarball, bundle, "server.json"].map((file) => join("dist-release", file));
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
// The entry points at the bundle on the GitHub release, and the registry checks the published
// npm package's mcpName: both exist before the entry does. The upload can be redone, npm cannot.
step(`gh release upload v${pkg.version} ${files[1]}`);
run("gh", ["release", "upload", `v${pkg.version}`, join(OUT, bundle), "--clobber"]);
step(`npm publish ${tarball} --provenance --access public`);
run(npm, ["publish", join(OUT, tarball), "--provenance", "--access", "public"]);
step("mcp-publisher publish dist-release/server.json");
run("mcp-publisher", ["login", "github-oidc"]);
run("mcp-publisher", ["publish", join(OUT, "server.json")]);
console.log(
  `published ${pkg.name} ${pkg.version} to npm, its bundle to the GitHub release v${pkg.version} ` +
    `and ${pkg.mcpName} to the MCP Registry`,
);
