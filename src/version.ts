/**
 * scripts/build.mjs injects package.json's version and homepage here (esbuild
 * `define`), so the bundle reads no file at start-up and knows them wherever
 * it is copied. Unbundled code (vitest runs the sources) reports 0.0.0-dev and
 * no homepage.
 */
declare const __SKYBACKUP_VERSION__: string | undefined;
declare const __SKYBACKUP_HOMEPAGE__: string | undefined;

export const VERSION =
  typeof __SKYBACKUP_VERSION__ === "string" ? __SKYBACKUP_VERSION__ : "0.0.0-dev";
export const USER_AGENT = `skybackup-mcp/${VERSION} (node ${process.versions.node})`;
/** The name a person sees: serverInfo's title, the bundle's display_name, the registry entry's title. */
export const SERVER_TITLE = "MariaDB Cloud Backups";
export const HOMEPAGE =
  typeof __SKYBACKUP_HOMEPAGE__ === "string" ? __SKYBACKUP_HOMEPAGE__ : undefined;
