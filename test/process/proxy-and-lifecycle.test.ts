import { spawn } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect } from "vitest";
import { TEST_KEY } from "../helpers/harness.js";
import { testWithEmulator } from "../helpers/fixtures.js";
import { BIN, initialize, spawnServer } from "../helpers/spawn.js";

/** A forward proxy on loopback that handles CONNECT tunnels and absolute-form requests, counting both. */
async function startProxy(): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const it = testWithEmulator();

describe("proxies and lifecycle", () => {
  it("HTTP_PROXY routes API calls through the proxy, and NO_PROXY bypasses it", async ({
    emulator,
  }) => {
    const proxy = await startProxy();
    try {
      const run = async (env: Record<string, string>) => {
        const server = spawnServer([], {
          SKYSQL_API_KEY: TEST_KEY,
          SKYSQL_API_URL: emulator.url,
          ...env,
        });
        await initialize(server);
        const reply = (await server.request("tools/call", {
          name: "list_backups",
          arguments: { page_size: 2 },
        })) as {
          result: { isError?: boolean; structuredContent: { backups: unknown[] } };
        };
        server.child.stdin.end();
        await server.exited;
        return reply.result;
      };
      const proxied = await run({ HTTP_PROXY: proxy.url });
      expect(proxied.structuredContent.backups).toHaveLength(2);
      expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
      expect(proxy.seen[0]).toContain(new URL(emulator.url).host);

      const before = proxy.seen.length;
      const bypassed = await run({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
      expect(bypassed.structuredContent.backups).toHaveLength(2);
      expect(proxy.seen.length).toBe(before);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });

  it("exits cleanly on SIGINT", async () => {
    const server = spawnServer(["--demo"], {});
    await initialize(server);
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain("shutting down (SIGINT)");
  });

  it("exits when its parent dies even though stdin stays open", async () => {
    // sh starts the server in the background (stdin kept open through fd 3, as sh would give a
    // background job /dev/null) and is then killed; the server is re-parented.
    const shell = spawn(
      "sh",
      ["-c", `exec 3<&0; "${process.execPath}" "${BIN}" --demo <&3 & echo $!; wait`],
      {
        stdio: ["pipe", "pipe", "ignore"],
      },
    );
    const pid = await new Promise<number>((resolve) =>
      shell.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(isAlive(pid)).toBe(true);
    shell.kill("SIGKILL");
    let alive = true;
    for (let i = 0; i < 50 && alive; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      alive = isAlive(pid);
    }
    shell.stdin.destroy();
    if (alive) process.kill(pid, "SIGKILL");
    expect(alive).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
