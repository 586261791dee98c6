/**
 * Team mode's promise to operators: any number of replicas behind any load
 * balancer, with nothing shared between them but configuration. Two spawned
 * `--http` replicas (per-user keys) sit behind a round-robin proxy that
 * never sends two requests in a row to the same one, in front of one
 * emulator that gives every key an account of its own.
 */
import { randomBytes } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accountScenarios, startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import {
  MCP_HEADERS,
  connectClient,
  rpcMessages,
  startHttpServer,
  type HttpServer,
} from "../helpers/http-server.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "../helpers/round-robin-proxy.js";

const CLIENTS = 20;
const CALLS_PER_CLIENT = 10;
const PAGE_SIZE = 20;

interface CallResult {
  isError?: boolean;
  content?: unknown;
  structuredContent?: Record<string, unknown>;
}

/** A key no other key contains, so "contains another client's key" is a plain substring test. */
const newKey = (name: string): string => `${name}-${randomBytes(8).toString("hex")}`;

describe("team mode: two replicas behind a round-robin proxy", () => {
  let emulator: RunningEmulator;
  let replicas: HttpServer[];
  let proxy: RoundRobinProxy;
  let url: string;

  beforeAll(async () => {
    emulator = await startEmulator({ perKeyAccounts: true });
    // No SKYSQL_API_KEY: per-user mode, every request brings its own key.
    const env = { SKYSQL_API_URL: emulator.url };
    // Behind a balancer every connection is the balancer's address: as the README says, no
    // per-address cap there (64 by default), or the 200 calls below outgrow it and get reset.
    const args = ["--connections-per-address", "0"];
    replicas = await Promise.all([startHttpServer(args, env), startHttpServer(args, env)]);
    proxy = await startRoundRobinProxy(replicas.map((replica) => replica.origin));
    url = `${proxy.origin}/mcp`;
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all((replicas ?? []).map((replica) => replica.stop()));
    await emulator?.close();
  });

  /** Calls a tool and says which replica answered: the one POST the proxy routed meanwhile. */
  async function callVia(client: Client, name: string, args: Record<string, unknown>) {
    const from = proxy.routed.length;
    const result = (await client.callTool({ name, arguments: args })) as CallResult;
    const posts = proxy.routed.slice(from).filter((routed) => routed.method === "POST");
    expect(posts).toHaveLength(1);
    return { result, replica: posts[0]!.replica };
  }

  /** Requests that change the schedule: what "applied exactly once" counts. */
  const writesTo = (id: number) =>
    emulator.requests.filter(
      (r) => r.method !== "GET" && r.path === `/skybackup/v1/backups/schedules/${id}`,
    );

  const toolLines = (replica: HttpServer, tool: string) =>
    replica
      .stderr()
      .split("\n")
      .filter((line) => line.includes(`"tool":"${tool}"`));

  /** A weekly dump schedule of the healthy service: every generated account has one, under its key's id. */
  async function weeklyDump(
    client: Client,
    key: string,
  ): Promise<{ id: number; schedule: string }> {
    const list = (await client.callTool({
      name: "list_backup_schedules",
      arguments: { service_id: accountScenarios(key).healthy },
    })) as CallResult;
    expect(list.isError, JSON.stringify(list.content)).toBeFalsy();
    const schedules = list.structuredContent?.schedules as {
      id: number;
      type: string;
      schedule: string;
      suspended: boolean;
    }[];
    const dump = schedules.find((s) => s.type === "dump" && s.schedule !== "once" && !s.suspended);
    expect(dump, "the healthy service has an active dump schedule").toBeDefined();
    return { id: dump!.id, schedule: dump!.schedule };
  }

  it("applies an update previewed on one replica and confirmed on the other exactly once", async () => {
    const alice = newKey("alice");
    const client = await connectClient(url, { "x-api-key": alice });
    const { id } = await weeklyDump(client, alice);
    const args = { id, suspended: true };
    const linesBefore = replicas.map(
      (replica) => toolLines(replica, "update_backup_schedule").length,
    );

    const writes = writesTo(id).length;
    const preview = await callVia(client, "update_backup_schedule", args);
    expect(preview.result.structuredContent?.confirmation_required).toBe(true);
    const token = preview.result.structuredContent?.confirmation_token as string;
    expect(writesTo(id)).toHaveLength(writes);

    const confirm = await callVia(client, "update_backup_schedule", {
      ...args,
      confirmation_token: token,
    });
    expect(confirm.replica).not.toBe(preview.replica);
    expect(confirm.result.isError, JSON.stringify(confirm.result.content)).toBeFalsy();
    expect(JSON.stringify(confirm.result.content)).toContain(`Updated schedule #${id}`);
    expect(
      writesTo(id)
        .slice(writes)
        .map((r) => r.method),
    ).toEqual(["PATCH"]);
    // Each replica's own access log agrees: one update call each (a line is written as its answer ends).
    await vi.waitFor(() =>
      replicas.forEach((replica, i) =>
        expect(toolLines(replica, "update_backup_schedule").length - linesBefore[i]!).toBe(1),
      ),
    );

    // Someone resumes the schedule (previewed and confirmed in turn), so the
    // first token would suspend it again if it were honoured a second time.
    const resume = { id, suspended: false };
    const resumePreview = await client.callTool({
      name: "update_backup_schedule",
      arguments: resume,
    });
    const resumeToken = (resumePreview as CallResult).structuredContent?.confirmation_token;
    const resumed = (await client.callTool({
      name: "update_backup_schedule",
      arguments: { ...resume, confirmation_token: resumeToken },
    })) as CallResult;
    expect(resumed.structuredContent?.suspended).toBe(false);
    expect(writesTo(id)).toHaveLength(writes + 2);

    // The first token again, on each replica in turn: refused, nothing sent. The
    // replica that took it knows it as used; the other sees the state has moved on.
    const replays = [];
    for (let i = 0; i < 2; i += 1) {
      const replay = await callVia(client, "update_backup_schedule", {
        ...args,
        confirmation_token: token,
      });
      const text = JSON.stringify(replay.result.content);
      expect(text).toContain("confirmation_token refused");
      expect(text).toContain("Nothing was changed");
      expect(text).toMatch(replay.replica === confirm.replica ? /already used/ : /changed since/);
      replays.push(replay.replica);
    }
    expect(new Set(replays)).toEqual(new Set([0, 1]));
    expect(writesTo(id)).toHaveLength(writes + 2);

    const after = (await client.callTool({
      name: "get_backup_schedule",
      arguments: { id },
    })) as CallResult;
    expect(after.structuredContent?.suspended).toBe(false);
    await client.close();
  });

  it("refuses one user's token presented by another, and it still works for its owner", async () => {
    const carolKey = newKey("carol");
    const carol = await connectClient(url, { authorization: `Bearer ${carolKey}` });
    const dave = await connectClient(url, { "x-api-key": newKey("dave") });
    const { id, schedule } = await weeklyDump(carol, carolKey);
    const args = { id, schedule: "17 4 * * 0" };
    expect(schedule).not.toBe(args.schedule);
    const preview = (await carol.callTool({
      name: "update_backup_schedule",
      arguments: args,
    })) as CallResult;
    const token = preview.structuredContent?.confirmation_token as string;
    expect(token).toEqual(expect.any(String));
    const writes = writesTo(id).length;

    // Dave has a schedule with the same id (accounts are generated alike), so
    // only the key can tell the token is not his.
    const daves = (await dave.callTool({
      name: "get_backup_schedule",
      arguments: { id },
    })) as CallResult;
    expect(daves.isError, JSON.stringify(daves.content)).toBeFalsy();
    expect(daves.structuredContent?.schedule).not.toBe(args.schedule);
    const stolen = (await dave.callTool({
      name: "update_backup_schedule",
      arguments: { ...args, confirmation_token: token },
    })) as CallResult;
    expect(stolen.isError).toBe(true);
    expect(JSON.stringify(stolen.content)).toContain("not issued with these credentials");
    expect(writesTo(id)).toHaveLength(writes);
    const davesAfter = (await dave.callTool({
      name: "get_backup_schedule",
      arguments: { id },
    })) as CallResult;
    expect(davesAfter.structuredContent?.schedule).toBe(daves.structuredContent?.schedule);

    // The refusal was about the key, not the token: its owner can still use it.
    const applied = (await carol.callTool({
      name: "update_backup_schedule",
      arguments: { ...args, confirmation_token: token },
    })) as CallResult;
    expect(applied.isError, JSON.stringify(applied.content)).toBeFalsy();
    expect(applied.structuredContent?.schedule).toBe(args.schedule);
    expect(writesTo(id)).toHaveLength(writes + 1);
    await Promise.all([carol.close(), dave.close()]);
  });

  it("answers 200 concurrent calls from 20 users, each with only their own data; a revoked key's error reaches only its user", async () => {
    const keys = Array.from({ length: CLIENTS }, (_, i) => newKey(`user${i}`));
    const revoked = newKey("revoked");

    // Half send the key as a bearer token, half as X-API-Key: both are the user's key.
    const headersFor = (key: string, i: number): Record<string, string> =>
      i % 2 === 0 ? { authorization: `Bearer ${key}` } : { "x-api-key": key };
    const users = await Promise.all(
      keys.map((key, i) => connectClient(url, headersFor(key, i), `user-${i}`)),
    );
    // The revoked key cannot even connect (its key is tried at initialize); its calls,
    // sent without a session as any stateless client may, run in the same storm.
    const revokedConnect = connectClient(url, headersFor(revoked, CLIENTS), "revoked").then(
      () => "connected",
      (error: Error) => error.message,
    );
    const revokedCalls = Array.from({ length: CALLS_PER_CLIENT }, async (_, call) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...MCP_HEADERS, ...headersFor(revoked, CLIENTS) },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: call,
          method: "tools/call",
          params: { name: "list_backups", arguments: { page: call + 1, page_size: PAGE_SIZE } },
        }),
      });
      const [message] = await rpcMessages(response);
      return (message as { result: CallResult }).result;
    });
    const [good, revokedAnswers, connectOutcome] = await Promise.all([
      Promise.all(
        users.map((client) =>
          Promise.all(
            Array.from(
              { length: CALLS_PER_CLIENT },
              (_, call) =>
                client.callTool({
                  name: "list_backups",
                  arguments: { page: call + 1, page_size: PAGE_SIZE },
                }) as Promise<CallResult>,
            ),
          ),
        ),
      ),
      Promise.all(revokedCalls),
      revokedConnect,
    ]);
    const answers = [...good, revokedAnswers];
    expect(connectOutcome).toContain("Unauthorized");
    expect(connectOutcome).toContain("rejected this API key");

    // Ground truth straight from the emulator, read after the calls so a backup
    // that appeared meanwhile is known too: whose account each backup id is in.
    const owner = new Map<string, number>();
    for (const [i, key] of keys.entries()) {
      const response = await fetch(`${emulator.url}/skybackup/v1/backups?page_size=100000`, {
        headers: { "x-api-key": key },
      });
      const { backups } = (await response.json()) as { backups: { id: string }[] };
      for (const backup of backups) {
        expect(owner.has(backup.id), "accounts share no backup id").toBe(false);
        owner.set(backup.id, i);
      }
    }
    const everyKey = [...keys, revoked];
    answers.forEach((results, user) => {
      expect(results).toHaveLength(CALLS_PER_CLIENT);
      for (const result of results) {
        const text = JSON.stringify(result);
        for (const [other, key] of everyKey.entries())
          if (other !== user) expect(text, `user ${user} sees key ${other}`).not.toContain(key);
        // Not even their own key comes back: it is scrubbed from every answer.
        expect(text).not.toContain(everyKey[user]!);
        if (user === CLIENTS) {
          expect(result.isError).toBe(true);
          expect(text).toContain("401 Unauthorized");
          expect(text).toContain("The API key your MCP client sends was rejected");
          expect(text).not.toContain("SKYSQL_API_KEY");
          continue;
        }
        expect(result.isError, text).toBeFalsy();
        const ids = (result.structuredContent?.backups as { id: string }[]).map((b) => b.id);
        expect(ids).toHaveLength(PAGE_SIZE);
        for (const id of ids) expect(owner.get(id), `user ${user} got ${id}`).toBe(user);
        // The text too: every backup id anywhere in the answer is this user's.
        const mentioned = text.match(/[0-9a-f]{32}:db[a-z]{3}\d{8}:[\w-]+/g) ?? [];
        expect(mentioned.length).toBeGreaterThanOrEqual(PAGE_SIZE);
        for (const id of mentioned) expect(owner.get(id), `user ${user} saw ${id}`).toBe(user);
        expect(text).not.toContain("Unauthorized");
      }
    });
    // Both replicas served the storm.
    for (const replica of replicas)
      expect(toolLines(replica, "list_backups").length).toBeGreaterThan(CLIENTS);
    await Promise.all(users.map((client) => client.close()));
    for (const replica of replicas) expect(replica.child.exitCode).toBeNull();
  }, 60_000);
});
