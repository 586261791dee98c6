import { readFileSync } from "node:fs";

/** Read from package.json next to dist/, so there is one place to bump it. */
function readVersion(): string {
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export const VERSION = readVersion();
export const USER_AGENT = `skybackup-mcp/${VERSION} (node ${process.versions.node})`;
