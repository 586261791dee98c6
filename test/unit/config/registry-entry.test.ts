/**
 * server.json, the MCP Registry entry: valid against the registry's own
 * schema (a copy of static.modelcontextprotocol.io's 2025-12-11
 * server.schema.json in test/fixtures/registry/, so the check needs no
 * network), generated from package.json and the settings table, and naming
 * every variable the server reads with its secrecy.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_SETTINGS } from "../../../src/config/settings.js";
import { SERVER_TITLE } from "../../../src/version.js";
import { REGISTRY_SCHEMA, registryEntry, type PackageJson } from "../../helpers/registry-entry.js";
import { REGISTRY_SCHEMA_COPY, registryErrors } from "../../helpers/registry-schema.js";

const read = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8"));

const ENTRY = read("server.json") as {
  $schema: string;
  name: string;
  title: string;
  version: string;
  packages: { environmentVariables: { name: string; isSecret: boolean; default?: string }[] }[];
};
const PKG = read("package.json") as PackageJson & { files: string[] };

const errors = registryErrors;

describe("server.json, the MCP Registry entry", () => {
  it("is valid against the registry's schema, which the copy in the repo is", () => {
    expect(REGISTRY_SCHEMA_COPY.$id).toBe(REGISTRY_SCHEMA);
    expect(ENTRY.$schema).toBe(REGISTRY_SCHEMA);
    expect(errors(ENTRY)).toBe("");
  });

  it("the schema check can fail: a name without a namespace, a 'latest' version and a long description are refused", () => {
    const npm = ENTRY.packages[0];
    expect(errors({ ...ENTRY, name: "skybackup-mcp" })).toMatch(/name/);
    expect(errors({ ...ENTRY, packages: [{ ...npm, version: "latest" }] })).toMatch(/version/);
    expect(errors({ ...ENTRY, description: "x".repeat(101) })).toMatch(/description/);
  });

  it("is what the generator writes from package.json (run `npm run docs:settings` after a change)", () => {
    expect(ENTRY).toEqual(JSON.parse(JSON.stringify(registryEntry(PKG))));
  });

  it("shows the title serverInfo and the bundle show", () => {
    const manifest = read("bundle/manifest.json") as { display_name: string };
    expect(ENTRY.title).toBe(SERVER_TITLE);
    expect(manifest.display_name).toBe(SERVER_TITLE);
  });

  it("names the npm package the registry checks it against: mcpName and version agree", () => {
    expect(ENTRY.name).toBe(PKG.mcpName);
    expect(ENTRY.version).toBe(PKG.version);
    expect(ENTRY.packages).toEqual([
      expect.objectContaining({ registryType: "npm", identifier: PKG.name, version: PKG.version }),
    ]);
    // io.github.<owner>/... may be published only by that GitHub owner: the repository's.
    const owner = ENTRY.name.replace(/^io\.github\./, "").split("/")[0];
    expect(PKG.repository.url).toContain(`github.com/${owner}/`);
  });

  it("lists every variable of the settings table, a secret marked secret and without a default", () => {
    const listed = new Map(ENTRY.packages[0]?.environmentVariables.map((v) => [v.name, v]));
    for (const setting of Object.values(SERVER_SETTINGS)) {
      if (setting.env === undefined) continue;
      const variable = listed.get(setting.env);
      expect(variable, setting.env).toBeDefined();
      expect(variable?.isSecret, setting.env).toBe(setting.secret === true);
      if (setting.secret === true) expect(variable?.default).toBeUndefined();
    }
    expect(listed.get("SKYSQL_API_KEY")?.isSecret).toBe(true);
  });
});
