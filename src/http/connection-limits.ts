/**
 * Team mode's connection limits, applied before a byte of a request is read.
 * Node's maxConnections alone is one pool for everyone: one address holding
 * the 1,000 connections idle (no key needed to open them) locked every other
 * caller out for as long as a keep-alive lasts. So each client address holds
 * at most its own share, and near the limit idle connections are kept only a
 * few seconds, so idle sockets cannot hold the server full.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

const MAX_CONNECTIONS = 1_000;
/** Crowded from here (80% of the limit): the rest is headroom no idle connection keeps. */
const CROWDED = Math.floor(MAX_CONNECTIONS * 0.8);
/** Node's own default keep-alive: a client between two quick requests still reuses its connection. */
const CROWDED_KEEP_ALIVE_MS = 5_000;
/** Once crowded, idle connections stay short this long after the last crowded moment. */
const CROWDED_FOR_MS = 60_000;
const NOTICE_EVERY_MS = 60_000;

export interface ConnectionLimits {
  /** Connections one client address holds at once (0: no cap); the next one is closed unread. */
  readonly perAddress: number;
  /** The keep-alive of an idle connection when the server is not crowded. */
  readonly keepAliveMs: number;
  /** Lines for the operator, at most one a minute of each kind, so a flood cannot flood the log. */
  readonly notice: (message: string) => void;
}

export function limitConnections(http: Server, limits: ConnectionLimits): void {
  http.maxConnections = MAX_CONNECTIONS;
  const held = new Map<string, number>();
  let open = 0;
  let crowdedUntil = 0;
  let refusalNoticed = -Infinity;

  const crowding = (now: number) => {
    if (open >= CROWDED) {
      if (now >= crowdedUntil) {
        // Those idle now would keep their full keep-alive: closed at once instead.
        http.keepAliveTimeout = CROWDED_KEEP_ALIVE_MS;
        http.closeIdleConnections();
        limits.notice(
          `${open} of ${MAX_CONNECTIONS} connections open: idle ones are kept ${CROWDED_KEEP_ALIVE_MS / 1000} s, not ${limits.keepAliveMs / 1000} s, until a minute after the crowd`,
        );
      }
      crowdedUntil = now + CROWDED_FOR_MS;
    } else if (now >= crowdedUntil) http.keepAliveTimeout = limits.keepAliveMs;
  };

  // After node:http's own listener, in the same tick: nothing has been read from the socket yet.
  http.on("connection", (socket: Socket) => {
    const client = clientAddress(socket.remoteAddress ?? "");
    const count = held.get(client) ?? 0;
    const now = Date.now();
    if (limits.perAddress > 0 && count >= limits.perAddress) {
      socket.destroy();
      if (now - refusalNoticed >= NOTICE_EVERY_MS) {
        refusalNoticed = now;
        limits.notice(
          `closed a connection from ${client} unread: that address already holds ${count} (SKYBACKUP_HTTP_CONNECTIONS_PER_ADDRESS); behind a load balancer, set it to 0`,
        );
      }
      return;
    }
    held.set(client, count + 1);
    open += 1;
    socket.once("close", () => {
      open -= 1;
      const left = (held.get(client) ?? 1) - 1;
      if (left > 0) held.set(client, left);
      else held.delete(client);
    });
    crowding(now);
  });
}

/**
 * The client a connection counts against: its IPv4 address (an IPv4-mapped
 * IPv6 one included), or its IPv6 /64, since one host commonly has a whole
 * /64 to pick addresses from.
 */
export function clientAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(":")) return address;
  const [head = "", tail] = (address.split("%")[0] ?? "").split("::");
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
  const front = groupsOf(head);
  // A dotted IPv4 tail fills two groups.
  const back = groupsOf(tail ?? "").flatMap((group) =>
    group.includes(".") ? ["0", "0"] : [group],
  );
  const zeros = tail === undefined ? 0 : 8 - front.length - back.length;
  const groups = [...front, ...Array<string>(Math.max(zeros, 0)).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
