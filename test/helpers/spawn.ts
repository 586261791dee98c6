/** Spawns the built server (dist/) and speaks raw JSON-RPC lines to it. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far, as received. */
  stdoutLines: string[];
  stderr(): string;
  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  notify(method: string, params?: Record<string, unknown>): void;
  exited: Promise<number | null>;
}

export function spawnServer(
  args: string[],
  env: Record<string, string | undefined>,
  /** Another copy of the bin (an unpacked bundle's); the built dist/ by default. */
  bin: string = BIN,
): Spawned {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdoutLines: string[] = [];
  let stderr = "";
  let buffer = "";
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      stdoutLines.push(line);
      try {
        const message = JSON.parse(line) as Record<string, unknown>;
        if (typeof message.id === "number") waiting.get(message.id)?.(message);
      } catch {
        // Left in stdoutLines; the test asserts every line is JSON-RPC.
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let nextId = 1;
  const send = (message: Record<string, unknown>) =>
    child.stdin.write(`${JSON.stringify(message)}\n`);
  return {
    child,
    stdoutLines,
    stderr: () => stderr,
    exited,
    request(method, params = {}) {
      const id = nextId++;
      const reply = new Promise<Record<string, unknown>>((resolve) => waiting.set(id, resolve));
      send({ jsonrpc: "2.0", id, method, params });
      return reply;
    },
    notify(method, params = {}) {
      send({ jsonrpc: "2.0", method, params });
    },
  };
}

export async function initialize(server: Spawned): Promise<Record<string, unknown>> {
  const reply = await server.request("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "spawn-test", version: "1.0.0" },
  });
  server.notify("notifications/initialized");
  return reply;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and collects its output; killed after
 * `limitMs`. The environment is only what is given (PATH unless overridden).
 */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; limitMs?: number } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.cwd && { cwd: options.cwd }),
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = options.limitMs
      ? setTimeout(() => child.kill("SIGKILL"), options.limitMs)
      : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the built CLI to completion with only PATH and `env`; collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return runProcess(process.execPath, [BIN, ...args], { env });
}
