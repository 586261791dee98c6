/**
 * One team-mode replica for benchmarks: `dist/index.js --http --port 0` in
 * per-user mode (each request brings the key), started and stopped like an
 * operator would (SIGTERM drains it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execPath } from "node:process";

export interface Replica {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly pid: number;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startReplica(
  script: string,
  apiUrl: string,
  nodeFlags: readonly string[] = [],
): Promise<Replica> {
  const child: ChildProcess = spawn(execPath, [...nodeFlags, script, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", SKYSQL_API_URL: apiUrl },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (child.pid === undefined || child.stderr === null)
    throw new Error(`could not spawn ${script}`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  const origin = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      // The access log is a line per request: keep only the start-up lines.
      if (stderr.length < 64 * 1024) stderr += chunk;
      const match = /listening on (http:\/\/[^/\s]+)\/mcp/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`replica exited before listening:\n${stderr}`)));
  });
  return {
    origin,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
