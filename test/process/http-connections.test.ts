/**
 * Connections need no key to open, so one address must not be able to hold
 * the server full: each client address has its own cap (64 by default), and
 * near the 1,000-connection limit idle keep-alive connections are cut short.
 * Other loopback addresses (Linux routes all of 127/8 to lo) stand in for
 * other clients; the test itself calls from 127.0.0.1.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../helpers/http-server.js";
import { expectHealthy } from "../helpers/raw-http.js";

const PER_ADDRESS = 64;
const MAX_CONNECTIONS = 1_000;

interface Held {
  socket: Socket;
  /** True once the server answered the request, false if it closed the socket without a byte. */
  answered: Promise<boolean>;
  closed: Promise<void>;
}

/** A client that asks GET /healthz on a keep-alive connection, then holds it idle. */
function hold(port: number, from: string): Held {
  const socket = connect({ port, host: "127.0.0.1", localAddress: from });
  socket.on("error", () => undefined);
  socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  let received = "";
  const answered = new Promise<boolean>((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      if (received.startsWith("HTTP/1.1 200")) resolve(true);
    });
    socket.on("close", () => resolve(false));
  });
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { socket, answered, closed };
}

/** `count` of them, opened a hundred at a time so the listen backlog never overflows. */
async function holdMany(port: number, from: string, count: number): Promise<Held[]> {
  const all: Held[] = [];
  while (all.length < count) {
    const batch = Array.from({ length: Math.min(100, count - all.length) }, () => hold(port, from));
    await Promise.all(batch.map((one) => one.answered));
    all.push(...batch);
  }
  return all;
}

async function answeredCount(held: readonly Held[]): Promise<number> {
  return (await Promise.all(held.map((one) => one.answered))).filter(Boolean).length;
}

async function release(held: readonly Held[]): Promise<void> {
  for (const one of held) one.socket.destroy();
  await Promise.all(held.map((one) => one.closed));
}

const portOf = (server: HttpServer) => Number(new URL(server.origin).port);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: HttpServer;
/** The setting for a server behind a load balancer: no cap per address. */
let balanced: HttpServer;
beforeAll(async () => {
  [server, balanced] = await Promise.all([
    startHttpServer(["--demo"]),
    startHttpServer(["--demo", "--connections-per-address", "0"]),
  ]);
});
afterAll(async () => {
  await Promise.all([server.stop(), balanced.stop()]);
});

describe("team mode's connection caps", () => {
  it("closes a connection over an address's cap at once, before reading it; other addresses are served", async () => {
    const port = portOf(server);
    const held = await holdMany(port, "127.0.0.2", PER_ADDRESS);
    try {
      expect(await answeredCount(held)).toBe(PER_ADDRESS);

      const over = Array.from({ length: 5 }, () => hold(port, "127.0.0.2"));
      held.push(...over);
      expect(await answeredCount(over)).toBe(0);
      await expectHealthy(server, {});
      expect(server.stderr()).toContain(
        "closed a connection from 127.0.0.2 unread: that address already holds 64",
      );

      // Below the crowd, an idle connection keeps its long keep-alive (for balancers): still open.
      await sleep(6_000);
      expect(held.slice(0, PER_ADDRESS).every((one) => !one.socket.destroyed)).toBe(true);

      // The cap counts open connections: one closed, one more is served.
      await release(held.slice(0, 1));
      let again = hold(port, "127.0.0.2");
      held.push(again);
      for (let tries = 0; !(await again.answered) && tries < 20; tries += 1) {
        await sleep(50);
        again = hold(port, "127.0.0.2");
        held.push(again);
      }
      expect(await again.answered).toBe(true);
    } finally {
      await release(held);
    }
  }, 30_000);

  it("one address opening 1,000 connections cannot lock anyone else out", async () => {
    const port = portOf(server);
    const flood = await holdMany(port, "127.0.0.3", MAX_CONNECTIONS);
    try {
      await expectHealthy(server, {});
      expect(await answeredCount(flood)).toBe(PER_ADDRESS);
    } finally {
      await release(flood);
    }
  }, 30_000);

  it("near the limit, idle keep-alive connections are closed within seconds, not after 65 s", async () => {
    const port = portOf(balanced);
    // Behind a balancer every connection comes from one address: no cap applies.
    const idle = [
      ...(await holdMany(port, "127.0.0.2", 10)),
      ...(await holdMany(port, "127.0.0.3", 850)),
    ];
    try {
      expect(await answeredCount(idle)).toBe(860);
      // Someone else is still served meanwhile.
      await expectHealthy(balanced, {});
      const allClosed = Promise.all(idle.map((one) => one.closed)).then(() => true);
      expect(await Promise.race([allClosed, sleep(10_000).then(() => false)])).toBe(true);
      expect(balanced.stderr()).toMatch(/\d+ of 1000 connections open: idle ones are kept 5 s/);
    } finally {
      await release(idle);
    }
  }, 40_000);
});
