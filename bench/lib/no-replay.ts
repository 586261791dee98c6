/**
 * The server as it answers without the start-up replay. Until the replay is
 * deleted (issue 9), dist/fast-start.json makes the default configuration
 * answer initialize and tools/list from a recording; without that file the
 * server loads and answers for itself, as every other configuration does.
 * So the bench runs a copy of dist/ without it. Once the file is gone from
 * the build, this is dist/index.js itself.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const RECORDING = "fast-start.json";

export function serverWithoutReplay(root: string): string {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, RECORDING))) return join(dist, "index.js");
  const copy = join(root, "node_modules", ".cache", "skybackup-bench", "dist-no-replay");
  rmSync(copy, { recursive: true, force: true });
  cpSync(dist, copy, { recursive: true, filter: (path) => !path.endsWith(RECORDING) });
  return join(copy, "index.js");
}
