/**
 * The process project spawns dist/index.js. Without a build every test there
 * would fail on its own with a spawn error; one clear message says why instead.
 */
import { existsSync } from "node:fs";
import { BIN } from "./spawn.js";

export default function requireBuild(): void {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`npm run build\` (or \`npm run test:process\`)`);
}
