/**
 * The MCP Registry entry (server.json), from package.json and the settings
 * table, as the README's tables are: `npm run docs:settings` writes it and
 * its --check (in `npm run check`) fails when it is stale. It lists the npm
 * package; `npm run release` adds the MCP Bundle, whose SHA-256 exists only
 * once the bundle is packed.
 */
import { SERVER_SETTINGS } from "../../src/config/settings.js";
import { SERVER_TITLE } from "../../src/version.js";
import { meaning, type Setting } from "../../src/config/setting.js";

/** The registry schema the entry is written for; a copy sits in test/fixtures/registry/. */
export const REGISTRY_SCHEMA =
  "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

export interface PackageJson {
  name: string;
  version: string;
  description: string;
  mcpName: string;
  repository: { url: string };
  homepage: string;
}

interface EnvironmentVariable {
  name: string;
  description: string;
  isSecret: boolean;
  isRequired: boolean;
  format?: "boolean" | "number";
  default?: string;
}

/** The registry shows plain text; the table's descriptions are Markdown. */
const plain = (text: string): string => text.replaceAll("`", "");

function variable(env: string, setting: Setting<unknown>): EnvironmentVariable {
  const entry: EnvironmentVariable = {
    name: env,
    description: plain(meaning(setting)),
    isSecret: setting.secret === true,
    isRequired: setting.required !== undefined,
  };
  // By the value's type: a secret, like a switch, has no placeholder, so isSwitch would call it one.
  if (typeof setting.default === "boolean") entry.format = "boolean";
  else if (typeof setting.default === "number") entry.format = "number";
  // A secret's default is never shown; a default of "not set" has no text to show.
  const fallback = setting.default;
  if (!entry.isSecret && ["string", "number", "boolean"].includes(typeof fallback))
    entry.default = String(fallback as string | number | boolean);
  return entry;
}

/** Every variable the stdio server reads from its settings table, in the table's order. */
function registryVariables(): EnvironmentVariable[] {
  return Object.values(SERVER_SETTINGS).flatMap((setting: Setting<unknown>) =>
    setting.env === undefined ? [] : [variable(setting.env, setting)],
  );
}

/** "git+https://github.com/o/r.git" -> "https://github.com/o/r", the form the registry shows. */
function repositoryUrl(pkg: PackageJson): string {
  return pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
}

export function registryEntry(pkg: PackageJson): Record<string, unknown> {
  return {
    $schema: REGISTRY_SCHEMA,
    name: pkg.mcpName,
    title: SERVER_TITLE,
    description: pkg.description,
    repository: { url: repositoryUrl(pkg), source: "github" },
    websiteUrl: pkg.homepage,
    version: pkg.version,
    packages: [
      {
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: "stdio" },
        environmentVariables: registryVariables(),
      },
    ],
  };
}
