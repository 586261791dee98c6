/**
 * Answers `initialize` and `tools/list` while the server is still loading.
 *
 * Loading the MCP SDK, zod and the tools takes several times longer than a
 * bare Node process, and an assistant waits for tools/list before a session
 * can start. For the default configuration those two answers are fixed, so
 * the build records them from the real server (dist/fast-start.json) and
 * this module, which imports nothing heavy, replays them at once. Every
 * message is also queued for the real server, which takes over through
 * HandoverTransport; its own answers to the two pre-answered requests are
 * dropped there. Any other configuration, or no snapshot, skips all this.
 */
import { readFileSync } from "node:fs";
import type { ServerConfig } from "./config/index.js";

export interface Snapshot {
  protocolVersions: string[];
  initialize: Record<string, unknown>;
  tools: Record<string, unknown>;
}

interface Message {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: { protocolVersion?: unknown; cursor?: unknown };
}

/** Messages read before the real server took over, and the request ids already answered. */
export interface EarlyState {
  queued: unknown[];
  answered: Set<string | number>;
  /** Bytes of a line not yet complete (kept as bytes: a character may be split across chunks). */
  pending: Buffer;
  stop(): void;
}

/** The snapshot applies only to the configuration it was recorded with. */
export function snapshotApplies(config: ServerConfig): boolean {
  return (
    !config.demo &&
    !config.readOnly &&
    config.tools === undefined &&
    config.disabledTools.length === 0 &&
    config.services === undefined &&
    config.confirm === "always"
  );
}

export function loadSnapshot(): Snapshot | undefined {
  try {
    return JSON.parse(
      readFileSync(new URL("./fast-start.json", import.meta.url), "utf8"),
    ) as Snapshot;
  } catch {
    return undefined;
  }
}

export function answerEarly(snapshot: Snapshot): EarlyState {
  const state: EarlyState = { queued: [], answered: new Set(), pending: Buffer.alloc(0), stop };
  let initialized = false;
  const reply = (id: string | number, result: Record<string, unknown>) => {
    state.answered.add(id);
    process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);
  };
  const onData = (chunk: Buffer) => {
    state.pending = Buffer.concat([state.pending, chunk]);
    let newline: number;
    // Lines are cut as bytes and decoded whole, so a split multi-byte character stays intact.
    while ((newline = state.pending.indexOf(0x0a)) >= 0) {
      const line = state.pending.subarray(0, newline).toString("utf8").replace(/\r$/, "");
      state.pending = state.pending.subarray(newline + 1);
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // The real transport would report and skip it too.
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) continue;
      const message = parsed as Message;
      state.queued.push(message);
      const id = message.id;
      // Only a well-formed request is answered here; anything odd is left to the real server's checks.
      if (message.jsonrpc !== "2.0" || (typeof id !== "string" && typeof id !== "number")) continue;
      if (state.answered.has(id)) continue;
      if (message.method === "initialize" && !initialized && isInitializeParams(message.params)) {
        initialized = true;
        const asked = message.params?.protocolVersion;
        const version =
          typeof asked === "string" && snapshot.protocolVersions.includes(asked)
            ? asked
            : snapshot.protocolVersions[0];
        reply(id, { ...snapshot.initialize, protocolVersion: version });
      } else if (
        message.method === "tools/list" &&
        initialized &&
        message.params?.cursor === undefined
      ) {
        reply(id, snapshot.tools);
      }
    }
  };
  // Until the real transport takes over, a broken stdin is just the end of input.
  const onError = () => undefined;
  process.stdin.on("data", onData);
  process.stdin.on("error", onError);
  function stop(): void {
    process.stdin.off("data", onData);
    process.stdin.off("error", onError);
  }
  return state;
}

function isInitializeParams(params: unknown): boolean {
  if (typeof params !== "object" || params === null) return false;
  const { clientInfo, capabilities, protocolVersion } = params as Record<string, unknown>;
  return (
    typeof protocolVersion === "string" &&
    typeof clientInfo === "object" &&
    clientInfo !== null &&
    // The SDK requires both; a request it would reject must not be answered here as a success.
    typeof (clientInfo as Record<string, unknown>).name === "string" &&
    typeof (clientInfo as Record<string, unknown>).version === "string" &&
    typeof capabilities === "object" &&
    capabilities !== null
  );
}

/** Starts answering early when the configuration and a snapshot allow it. */
export function startEarlyAnswers(config: ServerConfig): EarlyState | undefined {
  if (!snapshotApplies(config)) return undefined;
  const snapshot = loadSnapshot();
  return snapshot ? answerEarly(snapshot) : undefined;
}
