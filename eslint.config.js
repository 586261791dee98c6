import { readdirSync } from "node:fs";
import { join } from "node:path";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/**
 * The layers of src/ and what each may import; docs/ARCHITECTURE.md
 * explains them. A boundary a lint rule enforces is a boundary that stays.
 */
const SDK = {
  group: ["@modelcontextprotocol/*"],
  message: "Only src/mcp/ may import the MCP SDK.",
};
const layer = (folders, reason) => ({
  group: folders.flatMap((folder) => [`../${folder}/*`, `../../${folder}/*`, `../${folder}`]),
  message: reason,
});
/** Every folder of src/: a layer may import only the folders it names, so a new folder is kept out of the others until one names it. */
const FOLDERS = readdirSync(join(import.meta.dirname, "src"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const DOMAIN = ["api", "util", "cron", "recovery", "audit", "paging", "safety", "config"];
const BOUNDARIES = [
  {
    files: ["src/api/**", "src/util/**", "src/cron/**"],
    may: ["api", "util", "cron"],
    reason: "api/, util/ and cron/ are the bottom layer: they import only each other.",
  },
  {
    files: ["src/recovery/**", "src/audit/**", "src/paging/**", "src/safety/**"],
    may: DOMAIN,
    reason: "Domain logic never knows about tools, MCP, the modes or the emulator.",
  },
  {
    files: ["src/config/**"],
    may: ["config", "util", "audit"],
    reason: "config/ reads settings; it needs only util/ and the audit's limits.",
  },
  {
    files: ["src/emulator/**"],
    may: ["emulator", "api", "util"],
    reason: "The emulator stands alone: it shares only API types and util/ with the server.",
  },
  {
    files: ["src/tools/**"],
    may: [...DOMAIN, "tools"],
    reason: "Tools are plain definitions: src/mcp/ turns them into MCP.",
  },
  {
    files: ["src/http/**"],
    may: ["http", "mcp", "api", "util", "cron", "safety"],
    reason: "src/http/ speaks HTTP and hands MCP to src/mcp/; src/modes/ wires it up.",
  },
  {
    files: ["src/mcp/**"],
    may: [...DOMAIN, "tools", "mcp"],
    reason: "src/mcp/ is driven by src/modes/, never the reverse.",
  },
].map(({ files, may, reason }) => ({
  files,
  forbid: FOLDERS.filter((folder) => !may.includes(folder)),
  reason,
}));

const TYPED = ["src/**/*.ts", "bench/**/*.ts"];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  // Type-aware rules where the code ships or measures; test/ stays on the fast syntactic set.
  ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => ({ ...config, files: TYPED })),
  {
    files: TYPED,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A new backup type, status or mode must be handled everywhere it is switched on.
      "@typescript-eslint/switch-exhaustiveness-check": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    ...importX.flatConfigs.typescript,
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    // Runtime cycles; import-x skips `import type`, which vanishes at build time.
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  { files: ["src/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: [SDK] }] } },
  { files: ["src/mcp/**/*.ts"], rules: { "no-restricted-imports": "off" } },
  ...BOUNDARIES.map(({ files, forbid, reason }) => ({
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...(files[0] === "src/mcp/**" ? [] : [SDK]), layer(forbid, reason)] },
      ],
    },
  })),
);
