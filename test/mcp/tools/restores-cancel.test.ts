/**
 * cancel_restore: a preview first (which restore, its target, source, how
 * long it has run, and that the target is left partly restored), a token
 * bound to the restore's state, and no DELETE for a finished restore, an
 * unknown one, or one outside --services.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { Harness } from "../../helpers/harness.js";
import { structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest } from "../../helpers/fixtures.js";
import { addRunning } from "../../helpers/restores.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { selectTools } from "../../../src/tools/define.js";

const START = new Date("2026-11-20T12:00:00Z").getTime();
const MINUTE = 60_000;
const TARGET = SCENARIOS.restoreTarget;
const it = freshHarnessTest;

const deletes = (h: Harness) => h.emulator.requests.filter((r) => r.method === "DELETE");

describe("cancel_restore", () => {
  it("previews, then cancels once with the token; the restore reads Cancelled", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const id = addRunning(h, TARGET, 12, 40);
    const preview = await h.call("cancel_restore", { id });
    expect(preview.isError).toBeFalsy();
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      id,
      cancelled: false,
      restore: {
        id,
        status: "Running",
        service_id: TARGET,
        service_name: "scratch-restore",
        backup_id: `${"cd".repeat(16)}:${SCENARIOS.healthy}:pod-0`,
        created_at: "2026-11-20T11:48:00Z",
      },
    });
    // How long it has run and what cancelling leaves behind are said in words only.
    const text = textOf(preview);
    expect(text).toContain(
      `Restore #${id}: Running, from backup ${"cd".repeat(16)}:${SCENARIOS.healthy}:pod-0, started 2026-11-20 11:48 UTC, running for 12 min.`,
    );
    expect(text).toContain(
      `Warning: cancelling leaves the data of ${TARGET} in an unknown state (a partially restored service): restore it again, or from a known-good backup, before using it.`,
    );
    expect(deletes(h)).toEqual([]);
    const token = structured(preview)["confirmation_token"];
    expect(typeof token).toBe("string");

    const done = await h.call("cancel_restore", { id, confirmation_token: token });
    expect(done.isError).toBeFalsy();
    expect(structured(done)).toEqual({ id, cancelled: true, service_id: TARGET });
    expect(deletes(h).map((r) => r.path)).toEqual([`/skybackup/v1/restores/${id}`]);
    expect(structured(await h.call("get_restore", { id }))["restore"]).toMatchObject({
      id,
      status: "Cancelled",
    });

    // The token was single use, and the restore is finished now: nothing more is sent.
    const again = await h.call("cancel_restore", { id, confirmation_token: token });
    expect(again.isError).toBe(true);
    expect(deletes(h)).toHaveLength(1);
  });

  it("refuses a finished restore before any DELETE", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    for (const [id, status] of [
      [4, "Failed"],
      [5, "Succeeded"],
    ] as const) {
      const result = await h.call("cancel_restore", { id });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        `cancel_restore: restore ${id} into ${TARGET} ("scratch-restore") already finished (${status}); only a running restore can be cancelled. Nothing was sent.`,
      );
    }
    expect(deletes(h)).toEqual([]);
  });

  it("a token from a preview of a restore that has since finished cancels nothing", async ({
    freshHarness,
  }) => {
    let now = START;
    const h = await freshHarness({ now: () => new Date(now) });
    const id = addRunning(h, TARGET, 5, 10);
    const token = structured(await h.call("cancel_restore", { id }))["confirmation_token"];
    now += 6 * MINUTE; // it finishes in the meantime
    const late = await h.call("cancel_restore", { id, confirmation_token: token });
    expect(late.isError).toBe(true);
    expect(textOf(late)).toContain("already finished (Succeeded)");
    expect(deletes(h)).toEqual([]);
  });

  it("a token is bound to the restore it was issued for", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const first = addRunning(h, TARGET, 5, 60);
    const other = addRunning(h, SCENARIOS.healthy, 5, 60);
    const token = structured(await h.call("cancel_restore", { id: first }))["confirmation_token"];
    const wrong = await h.call("cancel_restore", { id: other, confirmation_token: token });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toContain("confirmation_token refused");
    expect(deletes(h)).toEqual([]);
  });

  it("an unknown id points at list_restores and sends no DELETE", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => new Date(START), confirm: "never" });
    const result = await h.call("cancel_restore", { id: 4242 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("restore 4242 was not found");
    expect(textOf(result)).toContain("list_restores");
    expect(deletes(h)).toEqual([]);
  });

  it("--services: a restore into another service is refused before any DELETE", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({
      now: () => new Date(START),
      scope: [SCENARIOS.healthy],
      confirm: "never",
    });
    const id = addRunning(h, TARGET, 5, 60);
    const result = await h.call("cancel_restore", { id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("is into a service outside this server's scope");
    expect(textOf(result)).not.toContain(TARGET);
    expect(deletes(h)).toEqual([]);
    const own = addRunning(h, SCENARIOS.healthy, 5, 60);
    const ok = await h.call("cancel_restore", { id: own });
    expect(structured(ok)).toEqual({ id: own, cancelled: true, service_id: SCENARIOS.healthy });
  });

  it("--read-only hides cancel_restore and keeps the two reads", async ({ freshHarness }) => {
    // --read-only goes through selectTools, as the CLI does: kind "delete" is not a read.
    const tools = selectTools(ALL_TOOLS, { readOnly: true, tools: undefined, disabledTools: [] });
    const h = await freshHarness({ tools });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["list_restores", "get_restore"]));
    expect(names).not.toContain("cancel_restore");
    const call = await h.call("cancel_restore", { id: 1 });
    expect(call.isError).toBe(true);
    expect(deletes(h)).toEqual([]);
  });
});
