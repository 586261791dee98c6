import { afterEach, describe, expect, it, vi } from "vitest";
import { BackupsApi } from "../../../src/api/client.js";
import { ApiClients } from "../../../src/http/clients.js";
import type { Caller } from "../../../src/http/auth.js";

const user = (apiKey: string, orgId?: string): Caller => ({ apiKey, orgId, label: "test" });

/** ApiClients over real (never used) API clients, counting which keys were made and closed. */
function clients(maxClients: number, idleMs = 60_000) {
  let clock = 1_000;
  const made: string[] = [];
  const closed: string[] = [];
  const pool = new ApiClients({
    makeApi: (apiKey, orgId) => {
      made.push(`${apiKey}/${orgId ?? ""}`);
      const api = new BackupsApi({
        baseUrl: "http://127.0.0.1:9",
        apiKey,
        orgId,
        timeoutMs: 1000,
        userAgent: "t",
      });
      vi.spyOn(api, "close").mockImplementation(() => {
        closed.push(apiKey);
        return Promise.resolve();
      });
      return api;
    },
    maxClients,
    idleMs,
    now: () => clock,
  });
  return { pool, made, closed, tick: (ms: number) => (clock += ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("ApiClients", () => {
  it("makes one client per key and org, and hands the same one back while it lives", () => {
    const { pool, made } = clients(10);
    const first = pool.lease(user("key-a"));
    const again = pool.lease(user("key-a"));
    const otherOrg = pool.lease(user("key-a", "org-2"));
    expect(again?.client).toBe(first?.client);
    expect(otherOrg?.client).not.toBe(first?.client);
    expect(made).toEqual(["key-a/", "key-a/org-2"]);
    expect(first?.client.secrets).toEqual(["key-a"]);
  });

  it("is bounded: past the limit the least recently used idle client goes", () => {
    const { pool, closed, tick } = clients(2);
    pool.lease(user("key-a"))?.release();
    tick(1);
    pool.lease(user("key-b"))?.release();
    tick(1);
    pool.lease(user("key-a"))?.release(); // a is now the most recent
    tick(1);
    expect(pool.lease(user("key-c"))).toBeDefined();
    expect(closed).toEqual(["key-b"]);
    expect(pool.size).toBe(2);
  });

  it("never evicts a client in use: with every slot busy a new user gets nothing (a 503)", () => {
    const { pool, closed } = clients(2);
    const a = pool.lease(user("key-a"));
    const b = pool.lease(user("key-b"));
    expect(pool.lease(user("key-c"))).toBeUndefined();
    expect(closed).toEqual([]);
    // A busy user still gets their own client back.
    expect(pool.lease(user("key-a"))?.client).toBe(a?.client);
    b?.release();
    expect(pool.lease(user("key-c"))).toBeDefined();
    expect(closed).toEqual(["key-b"]);
  });

  it("release is idempotent: a second call does not free a slot someone else holds", () => {
    const { pool } = clients(1);
    const first = pool.lease(user("key-a"));
    const second = pool.lease(user("key-a"));
    first?.release();
    first?.release();
    // key-a is still held by `second`, so key-b cannot take its slot.
    expect(pool.lease(user("key-b"))).toBeUndefined();
    second?.release();
    expect(pool.lease(user("key-b"))).toBeDefined();
  });

  it("drops clients idle longer than idleMs, by the injected clock, but not one in use", async () => {
    vi.useFakeTimers();
    const { pool, closed, tick } = clients(10, 1_000);
    pool.lease(user("key-idle"))?.release();
    const busy = pool.lease(user("key-busy"));
    tick(500);
    vi.advanceTimersByTime(1_000);
    expect(closed).toEqual([]);
    tick(600);
    vi.advanceTimersByTime(1_000);
    expect(closed).toEqual(["key-idle"]);
    expect(pool.size).toBe(1);
    busy?.release();
    tick(1_001);
    vi.advanceTimersByTime(1_000);
    expect(closed).toEqual(["key-idle", "key-busy"]);
    await pool.close();
  });

  it("gives each key its own confirmation-token book: one user's token is foreign to another", () => {
    const { pool } = clients(10);
    const a = pool.lease(user("key-a"))?.client;
    const b = pool.lease(user("key-b"))?.client;
    const aOtherOrg = pool.lease(user("key-a", "org-2"))?.client;
    const subject = { tool: "delete_backup_schedule", target: 7, args: { id: 7 }, state: { s: 1 } };
    const { token } = a?.tokens.issue(subject) ?? { token: "" };
    expect(b?.tokens.redeem(subject, token)).toMatchObject({ ok: false, cause: "foreign" });
    expect(aOtherOrg?.tokens.redeem(subject, token)).toMatchObject({ ok: false, cause: "foreign" });
    expect(a?.tokens.redeem(subject, token)).toEqual({ ok: true });
    expect(pool.lease(user("key-a"))?.client.tokens.redeem(subject, token)).toMatchObject({
      cause: "used",
    });
  });

  it("closes every client on close", async () => {
    const { pool, closed } = clients(10);
    pool.lease(user("key-a"));
    pool.lease(user("key-b"))?.release();
    await pool.close();
    expect(closed.sort()).toEqual(["key-a", "key-b"]);
    expect(pool.size).toBe(0);
  });
});
