import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeApi } from "../../helpers/fake-api.js";
import { connectClient, textOf } from "../../helpers/harness.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** An API that accepts the request and never answers; records when each request's socket closes. */
async function silentApi() {
  const closedAt: number[] = [];
  const fake = await startFakeApi((req) => {
    req.socket.on("close", () => closedAt.push(Date.now()));
  });
  cleanups.push(fake.close);
  return { url: fake.url, closedAt };
}

describe("deadlines and cancellation", () => {
  it("a hanging API is cut off by the per-request timeout, retries included, within the call deadline", async () => {
    const api = await silentApi();
    const { client, close } = await connectClient(api.url, "deadline-key-123456", {
      timeoutMs: 200,
      maxRetries: 1,
      deadlineMs: 5_000,
    });
    cleanups.push(close);
    const started = Date.now();
    const result = (await client.callTool({
      name: "list_backups",
      arguments: {},
    })) as CallToolResult;
    const elapsed = Date.now() - started;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("no complete answer within 200 ms");
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("the overall deadline stops a call even while the request timeout is longer", async () => {
    const api = await silentApi();
    const { client, close } = await connectClient(api.url, "deadline-key-123456", {
      timeoutMs: 10_000,
      deadlineMs: 300,
    });
    cleanups.push(close);
    const started = Date.now();
    const result = (await client.callTool({
      name: "get_backup_schedule",
      arguments: { id: 4 },
    })) as CallToolResult;
    expect(textOf(result)).toContain("the tool call's deadline passed");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("notifications/cancelled aborts the in-flight HTTP request", async () => {
    const api = await silentApi();
    const { client, close } = await connectClient(api.url, "cancel-key-1234567", {
      timeoutMs: 10_000,
    });
    cleanups.push(close);
    const controller = new AbortController();
    const pending = client.callTool({ name: "list_backups", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelledAt = Date.now();
    controller.abort("user changed their mind");
    await expect(pending).rejects.toThrow();
    for (let i = 0; i < 50 && api.closedAt.length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(api.closedAt).toHaveLength(1);
    expect(api.closedAt[0]! - cancelledAt).toBeLessThan(1_000);
  });
});
