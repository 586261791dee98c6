import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, SCENARIOS, type RunningEmulator } from "../../helpers/emulator.js";
import { confirmationKey } from "../../../src/safety/confirm.js";
import { connectClient, structured, TEST_KEY, textOf } from "../../helpers/harness.js";

const ORG = "org-1234";
const token = (r: CallToolResult) =>
  structured<{ confirmation_token: string }>(r).confirmation_token;

describe("a confirmation token verifies in any process with the same credentials", () => {
  let emulator: RunningEmulator;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()?.();
    await emulator.close();
  });

  /** A second "process": its own server, its own token store, the same emulator. */
  async function server(key = confirmationKey(TEST_KEY, ORG)) {
    const { client, close } = await connectClient(emulator.url, TEST_KEY, {
      confirmationKey: key,
    });
    closers.push(close);
    return (name: string, args: Record<string, unknown>) =>
      client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  }
  const writes = () => emulator.requests.filter((r) => r.method !== "GET").length;
  const healthy = (type: string) =>
    [...emulator.state.schedules.values()].find(
      (s) => s.service_id === SCENARIOS.healthy && s.type === type,
    )!;

  it("a token from one server runs on another with the same key and organisation", async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const [first, second] = [await server(), await server()];
    const target = healthy("dump");
    const preview = await first("update_backup_schedule", { id: target.id, suspended: true });
    const done = await second("update_backup_schedule", {
      id: target.id,
      suspended: true,
      confirmation_token: token(preview),
    });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(emulator.state.schedules.get(target.id)?.suspended).toBe(true);
    expect(writes()).toBe(1);
  });

  it.each([
    ["another API key", confirmationKey("another-key-1234567", ORG)],
    ["another organisation", confirmationKey(TEST_KEY, "org-5678")],
    ["no organisation", confirmationKey(TEST_KEY, undefined)],
  ])("is refused by a server with %s, which changes nothing", async (_, otherKey) => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const [first, other] = [await server(), await server(otherKey)];
    const target = healthy("dump");
    const preview = await first("delete_backup_schedule", { id: target.id });
    const refused = await other("delete_backup_schedule", {
      id: target.id,
      confirmation_token: token(preview),
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("not issued with these credentials");
    expect(textOf(refused)).toContain("Nothing was changed");
    expect(emulator.state.schedules.has(target.id)).toBe(true);
    expect(writes()).toBe(0);
  });

  it("is refused once the schedule changed after the preview, with a fresh preview that must be confirmed again", async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const [first, second] = [await server(), await server()];
    const target = healthy("dump");
    const preview = await first("delete_backup_schedule", { id: target.id });
    // Someone else moves the schedule between the preview and the confirmation.
    target.schedule = "0 5 * * 0";
    target.updated_at = "2026-11-29T18:00:00Z";
    const refused = await second("delete_backup_schedule", {
      id: target.id,
      confirmation_token: token(preview),
    });
    // Not an error: a new preview, flagged, whose token sits where every preview's does.
    expect(refused.isError).toBeFalsy();
    expect(structured(refused)).toMatchObject({
      id: target.id,
      deleted: false,
      token_refused: "state_changed",
      confirmation_required: true,
      current: { id: target.id, schedule: "0 5 * * 0" },
    });
    // What the assistant is told to do with the fresh preview is in the text only.
    const text = textOf(refused);
    expect(text).toContain("the user must confirm it again");
    expect(emulator.state.schedules.has(target.id)).toBe(true);
    expect(writes()).toBe(0);

    const fresh = token(refused);
    expect(text).toContain(`confirmation_token: "${fresh}"`);
    expect(fresh).not.toBe(token(preview));
    const done = await first("delete_backup_schedule", {
      id: target.id,
      confirmation_token: fresh,
    });
    expect(structured(done)).toMatchObject({ deleted: true });
    expect(writes()).toBe(1);
  });

  it("cannot run twice: not in the process that used it, nor in another one", async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const [first, second] = [await server(), await server()];
    const target = healthy("dump");
    const original = target.schedule;
    const args = { id: target.id, schedule: "30 4 * * 0" };
    const used = token(await first("update_backup_schedule", args));
    const done = await first("update_backup_schedule", { ...args, confirmation_token: used });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(writes()).toBe(1);

    // Someone puts the old cron back: the preview's fields, but not its updated_at.
    target.schedule = original;
    const here = await first("update_backup_schedule", { ...args, confirmation_token: used });
    expect(textOf(here)).toContain("the token was already used");
    const there = await second("update_backup_schedule", { ...args, confirmation_token: used });
    expect(there.isError).toBeFalsy();
    expect(structured(there)).toMatchObject({ id: target.id, token_refused: "state_changed" });
    expect(target.schedule).toBe(original);
    expect(writes()).toBe(1);
  });
});
