/**
 * Runs the MCP server over stdio until stdin closes or a signal arrives.
 * stdout belongs to JSON-RPC; everything human goes to stderr.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { BackupsApi } from "./api/client.js";
import type { ServerConfig } from "./config.js";
import { createServer } from "./server.js";
import { USER_AGENT } from "./version.js";

export async function serveStdio(config: ServerConfig): Promise<void> {
  let apiUrl = config.apiUrl;
  let stopEmulator: (() => Promise<void>) | undefined;
  if (config.demo) {
    // Loaded only in demo mode so a normal start never pays for the emulator.
    const { startEmulator } = await import("./emulator/index.js");
    const emulator = await startEmulator({ apiKey: config.apiKey, port: 0, host: "127.0.0.1" });
    apiUrl = emulator.url;
    stopEmulator = () => emulator.close();
    log(`demo mode: emulator with generated data at ${emulator.url}`);
  }

  const api = new BackupsApi({
    baseUrl: apiUrl,
    apiKey: config.apiKey,
    orgId: config.orgId,
    timeoutMs: config.timeoutMs,
    userAgent: USER_AGENT,
  });
  const server = createServer({ api, demo: config.demo, secrets: [config.apiKey] });
  const transport = new StdioServerTransport();

  let closing = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log(`shutting down (${reason})`);
    const forceExit = setTimeout(() => process.exit(0), 2_000);
    forceExit.unref();
    await server.close().catch(() => undefined);
    await api.close().catch(() => undefined);
    await stopEmulator?.().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on("end", () => void shutdown("stdin closed"));
  process.stdin.on("close", () => void shutdown("stdin closed"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await server.connect(transport);
  log(`ready (${config.demo ? "demo" : apiUrl})`);
}

function log(message: string): void {
  process.stderr.write(`skybackup-mcp: ${message}\n`);
}
