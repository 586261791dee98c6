import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect } from "vitest";
import { BackupsApi } from "../../../src/api/client.js";
import { SCENARIOS, startEmulator, type RunningEmulator } from "../../helpers/emulator.js";
import { createServer } from "../../../src/mcp/server.js";
import { structured, TEST_KEY, textOf, type Harness } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

const HEALTHY = SCENARIOS.healthy;
const firstSchedule = (h: Harness) =>
  [...h.emulator.state.schedules.values()].find((s) => s.service_id === HEALTHY)!;
const writes = (h: Harness) => h.emulator.requests.filter((r) => r.method !== "GET").length;

describe("destructive calls need confirmation and fail closed", () => {
  let now = new Date();
  it("delete without a token previews the schedule and changes nothing; with the token it deletes", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const target = firstSchedule(h);
    const preview = await h.call("delete_backup_schedule", { id: target.id });
    expect(preview.isError).toBeFalsy();
    const content = structured<{
      confirmation_required: boolean;
      confirmation_token: string;
      expires_at: string;
      deleted: boolean;
      current: { id: number };
    }>(preview);
    // To the second, like every other time the server writes.
    expect(content.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(content).toMatchObject({
      confirmation_required: true,
      deleted: false,
      current: { id: target.id },
    });
    expect(textOf(preview)).toMatch(
      /^CONFIRMATION NEEDED - nothing has changed yet\. Delete backup schedule #\d+/,
    );
    expect(textOf(preview)).toContain(`confirmation_token: "${content.confirmation_token}"`);
    expect(h.emulator.state.schedules.has(target.id)).toBe(true);
    expect(writes(h)).toBe(0);

    const done = await h.call("delete_backup_schedule", {
      id: target.id,
      confirmation_token: content.confirmation_token,
    });
    expect(done.isError).toBeFalsy();
    expect(structured(done)).toMatchObject({ id: target.id, deleted: true });
    expect(h.emulator.state.schedules.has(target.id)).toBe(false);

    const again = await h.call("delete_backup_schedule", {
      id: target.id,
      confirmation_token: content.confirmation_token,
    });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain("404");
    expect(writes(h)).toBe(1);
  });

  it("refuses a reused, mismatched, forged or expired token and changes nothing", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => now });
    const [a, b] = [...h.emulator.state.schedules.values()].filter((s) => s.service_id === HEALTHY);
    const token = (r: CallToolResult) =>
      structured<{ confirmation_token: string }>(r).confirmation_token;

    const suspendA = token(await h.call("update_backup_schedule", { id: a!.id, suspended: true }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ id: b!.id, suspended: true, confirmation_token: suspendA }, "different arguments"],
      [
        { id: a!.id, suspended: true, schedule: "0 5 * * *", confirmation_token: suspendA },
        "different arguments",
      ],
      [
        {
          id: a!.id,
          suspended: true,
          confirmation_token: suspendA.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
        },
        "not issued with these credentials",
      ],
      [{ id: a!.id, suspended: true, confirmation_token: "not-a-real-token" }, "malformed"],
    ];
    for (const [args, reason] of cases) {
      const result = await h.call("update_backup_schedule", args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toContain(reason);
      expect(textOf(result)).toContain("Nothing was changed");
    }
    expect(writes(h)).toBe(0);

    now = new Date(now.getTime() + 6 * 60 * 1000);
    const expired = await h.call("update_backup_schedule", {
      id: a!.id,
      suspended: true,
      confirmation_token: suspendA,
    });
    expect(textOf(expired)).toContain("the token has expired");
    expect(h.emulator.state.schedules.get(a!.id)?.suspended).toBe(false);
    expect(writes(h)).toBe(0);
  });

  it("an update preview shows exactly what changes; no-op updates send nothing", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const target = firstSchedule(h);
    const preview = await h.call("update_backup_schedule", {
      id: target.id,
      schedule: "30 4 * * *",
      backup_type: target.type,
    });
    expect(structured(preview)).toMatchObject({
      changes: { schedule: { from: target.schedule, to: "30 4 * * *" } },
    });
    expect(structured<{ changes: object }>(preview).changes).not.toHaveProperty("backup_type");
    const same = await h.call("update_backup_schedule", {
      id: target.id,
      schedule: target.schedule,
    });
    expect(structured(same)).toMatchObject({
      id: target.id,
      schedule: target.schedule,
      changed: false,
    });
    expect(writes(h)).toBe(0);
  });

  it("--confirm never runs at once, and the instructions say so", async ({ freshHarness }) => {
    const h = await freshHarness({ confirm: "never" });
    const instructions = h.client.getInstructions() ?? "";
    expect(instructions).toContain(
      "Confirmation is OFF (--confirm never): update_backup_schedule, delete_backup_schedule, suspend_service_schedules, cancel_restore run immediately",
    );
    // A restore overwrites its target: it previews whatever the mode.
    expect(instructions).toContain(
      "create_restore first return a preview and a confirmation_token",
    );
    const target = firstSchedule(h);
    const result = await h.call("delete_backup_schedule", { id: target.id });
    expect(structured(result)).toMatchObject({ deleted: true });
    expect(h.emulator.state.schedules.has(target.id)).toBe(false);
  });
});

describe("elicitation asks the user when the client supports it", () => {
  let emulator: RunningEmulator;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()?.();
    await emulator.close();
  });

  async function clientAnswering(answer: {
    action: "accept" | "decline" | "cancel";
    content?: { confirm: boolean };
  }) {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const api = new BackupsApi({
      baseUrl: emulator.url,
      apiKey: TEST_KEY,
      timeoutMs: 5000,
      userAgent: "t",
    });
    const server = createServer({ api });
    const client = new Client(
      { name: "elicit", version: "1" },
      { capabilities: { elicitation: {} } },
    );
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return answer;
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    closers.push(
      () => api.close(),
      () => server.close(),
      () => client.close(),
    );
    return { client, asked };
  }

  it("deletes after the user says yes", async () => {
    const { client, asked } = await clientAnswering({
      action: "accept",
      content: { confirm: true },
    });
    const target = [...emulator.state.schedules.values()][0]!;
    const result = (await client.callTool({
      name: "delete_backup_schedule",
      arguments: { id: target.id },
    })) as CallToolResult;
    expect(asked[0]).toContain(`Delete backup schedule #${target.id}`);
    expect(structured(result)).toMatchObject({ deleted: true });
    expect(emulator.state.schedules.has(target.id)).toBe(false);
  });

  it.each([
    [{ action: "decline" as const }],
    [{ action: "accept" as const, content: { confirm: false } }],
  ])("changes nothing when the user answers %j", async (answer) => {
    const { client } = await clientAnswering(answer);
    const target = [...emulator.state.schedules.values()][0]!;
    const result = (await client.callTool({
      name: "delete_backup_schedule",
      arguments: { id: target.id },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("The user did not confirm");
    expect(emulator.state.schedules.has(target.id)).toBe(true);
    expect(emulator.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
  });
});
