/**
 * get_restore: one restore's status, and for a running one how long it has
 * run against the median of the same target's past successes. The clock is
 * the emulator's and the server's both, moved by hand.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { Harness } from "../../helpers/harness.js";
import { structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest } from "../../helpers/fixtures.js";
import { addRunning } from "../../helpers/restores.js";

const START = new Date("2026-11-20T12:00:00Z").getTime();
const MINUTE = 60_000;
const TARGET = SCENARIOS.restoreTarget;
const it = freshHarnessTest;

/** The oracle: the median run (ms) of the target's past Succeeded restores, from the emulator's own records. */
function pastMedianMs(h: Harness, serviceId: string, exceptId: number): number {
  const nowMs = h.emulator.state.now().getTime();
  const runs = h.emulator.state.restores
    .forTarget(serviceId)
    .filter((r) => r.id !== exceptId && r.outcome.status === "Succeeded" && r.endsMs <= nowMs)
    .map((r) => r.endsMs - r.createdMs)
    .sort((a, b) => a - b);
  const mid = Math.floor(runs.length / 2);
  return runs.length % 2 ? runs[mid]! : (runs[mid - 1]! + runs[mid]!) / 2;
}

interface Got {
  restore: { id: number; status: string; created_at?: string; message?: string };
  timing?: { running_ms?: number; typical_ms?: number; history_count: number };
  duration_ms?: number;
}

describe("get_restore", () => {
  it("a running restore: how long so far against the target's past restores; then done", async ({
    freshHarness,
  }) => {
    let now = START;
    const h = await freshHarness({ now: () => new Date(now) });
    const id = addRunning(h, TARGET, 10, 30);
    const typical = pastMedianMs(h, TARGET, id);
    const running = await h.call("get_restore", { id });
    expect(running.isError).toBeFalsy();
    const got = structured<Got>(running);
    expect(got.restore).toMatchObject({
      id,
      status: "Running",
      created_at: "2026-11-20T11:50:00Z",
      service_id: TARGET,
      service_name: "scratch-restore",
    });
    expect(got.timing).toEqual({ running_ms: 10 * MINUTE, typical_ms: typical, history_count: 4 });
    // Under twice the usual: no over-long warning (said in words only).
    expect(textOf(running)).not.toContain("twice");

    now += 25 * MINUTE; // 35 minutes in: past its 30-minute run
    const done = structured<Got>(await h.call("get_restore", { id }));
    expect(done.restore).toMatchObject({ id, status: "Succeeded" });
    expect(done.duration_ms).toBe(30 * MINUTE);
    expect(done.timing).toBeUndefined();
  });

  it("says when a restore has run over twice the usual", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const id = addRunning(h, TARGET, 300, 600);
    const result = await h.call("get_restore", { id });
    expect(structured<Got>(result).timing).toEqual({
      running_ms: 300 * MINUTE,
      typical_ms: pastMedianMs(h, TARGET, id),
      history_count: 4,
    });
    // The over-long warning is the text's own.
    expect(textOf(result)).toContain(
      "this one has run over twice as long: check its message, or cancel_restore",
    );
  });

  it("says there is no history to compare rather than inventing a figure", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const id = addRunning(h, SCENARIOS.healthy, 3, 30);
    const result = await h.call("get_restore", { id });
    // No typical_ms: nothing to compare against, and no figure made up.
    expect(structured(result)["timing"]).toEqual({ running_ms: 3 * MINUTE, history_count: 0 });
  });

  it("a finished restore reads its outcome and duration, with no extra request", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const before = h.emulator.requests.length;
    const result = await h.call("get_restore", { id: 4 });
    const record = h.emulator.state.restores.forTarget(TARGET).find((r) => r.id === 4)!;
    const got = structured<Got>(result);
    expect(got.restore).toMatchObject({
      id: 4,
      status: "Failed",
      created_at: new Date(record.createdMs).toISOString().replace(".000Z", "Z"),
    });
    expect(got.restore.message).toMatch(/^Restore has failed: /);
    expect(got.duration_ms).toBe(record.endsMs - record.createdMs);
    expect(got.timing).toBeUndefined();
    expect(h.emulator.requests.slice(before).map((r) => r.path)).toEqual([
      "/skybackup/v1/restores/4",
    ]);
  });

  it("an unknown id points at list_restores; a malformed one sends nothing", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const missing = await h.call("get_restore", { id: 999 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(
      "get_restore: restore 999 was not found. No restore has that id: list_restores with the target service_id shows its restores.",
    );
    const before = h.emulator.requests.length;
    for (const id of [0, 1.5, "5", -3]) {
      const bad = await h.call("get_restore", { id });
      expect(bad.isError, String(id)).toBe(true);
      expect(textOf(bad)).toContain("id");
    }
    expect(h.emulator.requests.length).toBe(before);
  });

  it("--services: a restore into another service is refused without its details", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START), scope: [SCENARIOS.healthy] });
    const result = await h.call("get_restore", { id: 5 });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toBe(
      `get_restore: restore 5 is into a service outside this server's scope; it is limited to ${SCENARIOS.healthy} (SKYSQL_SERVICES / --services)`,
    );
    expect(text).not.toMatch(new RegExp(`${TARGET}|scratch-restore|Succeeded`));
    const own = addRunning(h, SCENARIOS.healthy, 1, 30);
    expect((await h.call("get_restore", { id: own })).isError).toBeFalsy();
  });
});
