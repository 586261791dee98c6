/**
 * A minimal MCP client for benchmarks: spawns a stdio server and speaks
 * newline-delimited JSON-RPC to it, with as little client-side work as a real
 * client would do (one JSON.parse per line).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { execPath } from "node:process";

export interface Reply {
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
  /** Length of the JSON-RPC line as received, in characters. */
  readonly size: number;
}

export interface RpcProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  request(method: string, params?: Record<string, unknown>): Promise<Reply>;
  notify(method: string, params?: Record<string, unknown>): void;
  stderr(): string;
  /** Closes stdin (the MCP way to stop a stdio server) and waits for the exit. */
  close(): Promise<void>;
}

export interface SpawnOptions {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly nodeFlags?: readonly string[];
}

export function spawnRpc(script: string, options: SpawnOptions): RpcProcess {
  const child = spawn(execPath, [...(options.nodeFlags ?? []), script, ...options.args], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  const waiting = new Map<number, (reply: Reply) => void>();
  let buffer = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const message = JSON.parse(line) as Omit<Reply, "size"> & { id?: unknown };
      if (typeof message.id !== "number") continue; // notifications
      const resolve = waiting.get(message.id);
      waiting.delete(message.id);
      resolve?.({ result: message.result, error: message.error, size: line.length });
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code) => {
    for (const resolve of waiting.values())
      resolve({ error: { code: -1, message: `exited (${code}): ${stderr.trim()}` }, size: 0 });
    waiting.clear();
  });
  let nextId = 1;
  const send = (message: Record<string, unknown>): void => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  return {
    child,
    pid: child.pid,
    stderr: () => stderr,
    request(method, params = {}) {
      const id = nextId++;
      const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
      send({ jsonrpc: "2.0", id, method, params });
      return reply;
    },
    notify(method, params = {}) {
      send({ jsonrpc: "2.0", method, params });
    },
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const INITIALIZE_PARAMS = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "skybackup-bench", version: "1.0.0" },
};

/** initialize + notifications/initialized, as every MCP client starts. */
export async function initialize(server: RpcProcess): Promise<Reply> {
  const reply = await server.request("initialize", INITIALIZE_PARAMS);
  if (reply.error) throw new Error(`initialize failed: ${reply.error.message}`);
  server.notify("notifications/initialized");
  return reply;
}

export interface ToolCallResult {
  readonly content?: Array<{ type: string; text?: string }>;
  readonly structuredContent?: Record<string, unknown>;
  readonly isError?: boolean;
}

/** tools/call that fails loudly: a benchmark of an error is no benchmark. */
export async function callTool(
  server: RpcProcess,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolCallResult & { size: number }> {
  const reply = await server.request("tools/call", { name, arguments: args });
  if (reply.error) throw new Error(`${name}: ${reply.error.message}`);
  const result = reply.result as ToolCallResult;
  if (result.isError) throw new Error(`${name} returned an error: ${result.content?.[0]?.text}`);
  return { ...result, size: reply.size };
}
