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
  id?: string | number;
  method?: unknown;
  params?: { protocolVersion?: unknown; cursor?: unknown };
}

/** Messages read before the real server took over, and the request ids already answered. */
export interface EarlyState {
  queued: unknown[];
  answered: Set<string | number>;
  /** Bytes of a line not yet complete. */
  pending: string;
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
  const state: EarlyState = { queued: [], answered: new Set(), pending: "", stop };
  let initialized = false;
  const reply = (id: string | number, result: Record<string, unknown>) => {
    state.answered.add(id);
    process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);
  };
  const onData = (chunk: Buffer) => {
    state.pending += chunk.toString("utf8");
    let newline: number;
    while ((newline = state.pending.indexOf("\n")) >= 0) {
      const line = state.pending.slice(0, newline).replace(/\r$/, "");
      state.pending = state.pending.slice(newline + 1);
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch {
        continue; // The real transport would report and skip it too.
      }
      state.queued.push(message);
      const id = message.id;
      if (id === undefined || state.answered.has(id)) continue;
      if (message.method === "initialize" && !initialized) {
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
  process.stdin.on("data", onData);
  function stop(): void {
    process.stdin.off("data", onData);
  }
  return state;
}

/** Starts answering early when the configuration and a snapshot allow it. */
export function startEarlyAnswers(config: ServerConfig): EarlyState | undefined {
  if (!snapshotApplies(config)) return undefined;
  const snapshot = loadSnapshot();
  return snapshot ? answerEarly(snapshot) : undefined;
}
