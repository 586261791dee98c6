/**
 * scripts/build.mjs injects package.json's version here (esbuild `define`), so
 * the bundle reads no file at start-up and knows its version wherever it is
 * copied. Unbundled code (vitest runs the sources) reports 0.0.0-dev.
 */
declare const __SKYBACKUP_VERSION__: string | undefined;

export const VERSION =
  typeof __SKYBACKUP_VERSION__ === "string" ? __SKYBACKUP_VERSION__ : "0.0.0-dev";
export const USER_AGENT = `skybackup-mcp/${VERSION} (node ${process.versions.node})`;
