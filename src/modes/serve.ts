/** The default mode: serve one assistant over stdio until it goes away. */
import type { ServerConfig } from "../config/config.js";
import { loadUndici } from "../api/transport.js";
import { serveStdio } from "../mcp/stdio.js";
import { ALL_TOOLS } from "../tools/index.js";
import { selectTools } from "../tools/select.js";
import { openBackend } from "./backend.js";
import { log } from "./log.js";
import { serverOptionsFor } from "./server-options.js";

export async function serve(config: ServerConfig): Promise<void> {
  // Decided before anything starts: an unknown tool name is a configuration error.
  const toolCount = selectTools(ALL_TOOLS, config).length;
  const backend = await openBackend(config);
  if (config.demo) log(`demo mode: ${backend.target} with generated data`);
  await serveStdio(serverOptionsFor(config, backend), {
    graceMs: config.deadlineMs,
    onClosed: () => backend.close(),
    log,
    ready: `ready (${backend.target}; ${toolCount} tools${config.readOnly ? ", read-only" : ""})`,
    // The HTTP client is loaded lazily, to answer initialize sooner; the first call need not wait for it.
    warmUp: () => void loadUndici(),
  });
}
