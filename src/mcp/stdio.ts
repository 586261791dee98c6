/**
 * Runs the MCP server over stdio until stdin closes, a signal arrives or the
 * parent process dies. stdout belongs to JSON-RPC; everything human goes to
 * stderr. Shutdown aborts in-flight requests before closing.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createServer, type ServerOptions } from "./server.js";

const PARENT_CHECK_MS = 2_000;

export interface StdioLifecycle {
  /** How long a goodbye (stdin closed) waits for calls in flight. */
  graceMs: number;
  /** Releases what the server used (HTTP pool, demo emulator). */
  onClosed: () => Promise<void>;
  log: (message: string) => void;
  /** Logged once the server listens. */
  ready: string;
  /** Work every first tool call would do, done once the client has initialized instead. */
  warmUp?: () => void;
}

export async function serveStdio(options: ServerOptions, life: StdioLifecycle): Promise<void> {
  const shutdownController = new AbortController();
  const inFlight = { count: 0 };
  const server = createServer({ ...options, shutdownSignal: shutdownController.signal, inFlight });

  let closing = false;
  let settling = false;
  const shutdown = async (reason: string, graceful = false): Promise<void> => {
    if (closing) return;
    // End of input is how a client says goodbye: answer what it already asked first.
    // A signal during that wait still stops the server at once.
    if (graceful) {
      if (settling) return;
      settling = true;
      await settle(inFlight, life.graceMs);
      if (closing) return;
    }
    closing = true;
    life.log(`shutting down (${reason})`);
    shutdownController.abort(new Error(`server shutting down (${reason})`));
    const forceExit = setTimeout(() => process.exit(0), 2_000);
    forceExit.unref();
    await server.close().catch(() => undefined);
    await life.onClosed();
    process.exit(0);
  };
  process.stdin.on("end", () => void shutdown("stdin closed", true));
  process.stdin.on("close", () => void shutdown("stdin closed", true));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  watchParent(() => void shutdown("parent process exited"));

  const warmUp = life.warmUp;
  if (warmUp) server.server.oninitialized = () => setImmediate(warmUp);
  await server.connect(new StdioServerTransport());
  life.log(life.ready);
  // stdin may have closed while the server was loading.
  if (process.stdin.readableEnded) void shutdown("stdin closed", true);
}

/** An orphaned server is re-parented (ppid changes); stdin EOF usually comes first, this is the backstop. */
function watchParent(onExit: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onExit();
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** Resolves once no tool call is in flight (after letting just-read requests start), or at the deadline. */
async function settle(inFlight: { count: number }, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  do await new Promise((resolve) => setTimeout(resolve, 20));
  while (inFlight.count > 0 && Date.now() < until);
}
