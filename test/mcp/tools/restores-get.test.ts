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

/** The oracle: the median run of the target's past Succeeded restores, from the emulator's own records. */
function pastMedianMinutes(h: Harness, serviceId: string, exceptId: number): number {
  const nowMs = h.emulator.state.now().getTime();
  const runs = h.emulator.state.restores
    .forTarget(serviceId)
    .filter((r) => r.id !== exceptId && r.outcome.status === "Succeeded" && r.endsMs <= nowMs)
    .map((r) => r.endsMs - r.createdMs)
    .sort((a, b) => a - b);
  const mid = Math.floor(runs.length / 2);
  const median = runs.length % 2 ? runs[mid]! : (runs[mid - 1]! + runs[mid]!) / 2;
  return Math.round(median / MINUTE);
}

describe("get_restore", () => {
  it("a running restore: how long so far against the target's past restores; then done", async ({
    freshHarness,
  }) => {
    let now = START;
    const h = await freshHarness({ now: () => new Date(now) });
    const id = addRunning(h, TARGET, 10, 30);
    const typical = pastMedianMinutes(h, TARGET, id);
    const running = await h.call("get_restore", { id });
    expect(running.isError).toBeFalsy();
    const text = textOf(running);
    expect(text).toMatch(
      new RegExp(
        `^#${id} Running created 2026-11-20 11:50 UTC into ${TARGET} \\("scratch-restore"\\)`,
      ),
    );
    expect(text).toContain(
      `It is running for 10 min; past restores into ${TARGET} took a median of ${typical} min (4 succeeded).`,
    );
    expect(text).not.toContain("twice");
    expect(structured(running)["timing"]).toMatchObject({
      running_ms: 10 * MINUTE,
      history_count: 4,
    });

    now += 25 * MINUTE; // 35 minutes in: past its 30-minute run
    const done = await h.call("get_restore", { id });
    expect(textOf(done)).toMatch(new RegExp(`^#${id} Succeeded `));
    expect(textOf(done)).toContain("It took 30 min.");
    expect(structured(done)["duration_ms"]).toBe(30 * MINUTE);
  });

  it("says when a restore has run over twice the usual", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const id = addRunning(h, TARGET, 300, 600);
    const text = textOf(await h.call("get_restore", { id }));
    expect(text).toContain("It is running for 5.0h;");
    expect(text).toContain(
      "this one has run over twice as long: check its message, or cancel_restore",
    );
  });

  it("says there is no history to compare rather than inventing a figure", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const id = addRunning(h, SCENARIOS.healthy, 3, 30);
    const result = await h.call("get_restore", { id });
    expect(textOf(result)).toContain(
      `It is running for 3 min; no history to compare: no past succeeded restore into ${SCENARIOS.healthy}.`,
    );
    expect(structured(result)["timing"]).toEqual({ running_ms: 3 * MINUTE, history_count: 0 });
  });

  it("a finished restore reads its outcome and duration, with no extra request", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ now: () => new Date(START) });
    const before = h.emulator.requests.length;
    const result = await h.call("get_restore", { id: 4 });
    expect(textOf(result)).toMatch(
      /^#4 Failed created \d{4}-\d\d-\d\d \d\d:\d\d UTC .*"Restore has failed: /,
    );
    expect(textOf(result)).toMatch(/\nIt took \d+ min\.$/);
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
