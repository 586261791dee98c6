/**
 * A slow-loris client: many sockets that send their headers a byte at a
 * time and never finish. The server keeps answering everyone else, and the
 * 10 s headers timeout closes every one of those sockets.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../helpers/http-server.js";
import { expectHealthy } from "../helpers/raw-http.js";

const SOCKETS = 50;

let server: HttpServer;
beforeAll(async () => {
  server = await startHttpServer(["--demo"]);
});
afterAll(async () => {
  await server.stop();
});

interface Loris {
  socket: Socket;
  /** Resolves with what the server sent before it closed the socket. */
  closed: Promise<string>;
  /** Resolves once a few bytes are out, so the server has the request started. */
  started: Promise<void>;
}

/** Headers that never end, one byte every 100 ms. */
function loris(port: number): Loris {
  const socket = connect(port, "127.0.0.1");
  const text = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: ${"a".repeat(10_000)}`;
  let received = "";
  let sent = 0;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const timer = setInterval(() => {
    if (socket.destroyed) return;
    socket.write(text[sent % text.length] ?? "a");
    sent += 1;
    if (sent === 5) markStarted();
  }, 100);
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  socket.on("error", () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return { socket, closed, started };
}

describe("team mode under a slow-loris client", () => {
  it("answers others meanwhile and closes every slow socket", async () => {
    const port = Number(new URL(server.origin).port);
    const slow = Array.from({ length: SOCKETS }, () => loris(port));
    await Promise.all(slow.map((one) => one.started));
    await expectHealthy(server, {});
    await expectHealthy(server, {});
    const answers = await Promise.all(slow.map((one) => one.closed));
    // Node answers an unfinished request 408 as it closes it; nothing else is ever sent.
    for (const answer of answers) expect(answer).toMatch(/^(HTTP\/1\.1 408 Request Timeout\r\n|$)/);
    expect(answers.filter((answer) => answer.startsWith("HTTP/1.1 408"))).not.toHaveLength(0);
    await expectHealthy(server, {});
  }, 40_000);
});
