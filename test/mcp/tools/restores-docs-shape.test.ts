/**
 * The vendor's worked examples answer differently from the spec: bare arrays
 * for the list and for one restore, `key` instead of `backup_id`, and no
 * service_name, created_at or updated_at. The restore tools read that shape
 * too, and say what cannot be known instead of inventing a time.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { structured, textOf } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

const START = new Date("2026-11-20T12:00:00Z").getTime();
const TARGET = SCENARIOS.restoreTarget;
let runningId = 0;
const it = testWithHarness({ now: () => new Date(START), restoreShape: "docs" }, (h) => {
  runningId = h.emulator.state.restores.add({
    serviceId: TARGET,
    serviceName: "scratch-restore",
    backupId: `${"ab".repeat(16)}:${SCENARIOS.healthy}:pod-0`,
    bucket: "gs://sky-test",
    type: "physical",
    createdMs: START - 600_000,
    endsMs: START + 600_000,
    outcome: { status: "Succeeded" },
  }).id;
});

describe("restore tools over the docs' answer shape", () => {
  it("list_restores reads a bare array with `key` as the source", async ({ h }) => {
    const result = await h.call("list_restores", { service_id: TARGET });
    expect(result.isError).toBeFalsy();
    const page = structured<{
      restores: { id: number; backup_id?: string }[];
      restores_count: number;
    }>(result);
    // No created_at to sort by: ids, which grow with creation, put the newest first.
    expect(page.restores.map((r) => r.id)).toEqual([runningId, 5, 4, 3, 2, 1]);
    expect(page.restores_count).toBe(6);
    // What the docs' shape does not send stays absent: no name, no times made up.
    const newest = page.restores[0];
    expect(newest).toMatchObject({
      id: runningId,
      status: "Running",
      service_id: TARGET,
      backup_id: `${"ab".repeat(16)}:${SCENARIOS.healthy}:pod-0`,
      type: "physical",
      message: "server is not-ready",
    });
    for (const absent of ["service_name", "created_at", "updated_at"])
      expect(newest).not.toHaveProperty(absent);
  });

  it("get_restore on a running restore says the times cannot be known", async ({ h }) => {
    const result = await h.call("get_restore", { id: runningId });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(
      `It is running for an unknown time (the API sent no readable created_at); how long it takes cannot be known: the 4 past succeeded restore(s) into ${TARGET} have no updated_at (the API did not send when they ended).`,
    );
    expect(structured(result)["timing"]).toEqual({ history_count: 0 });
  });

  it("get_restore on a finished restore reads one from the array", async ({ h }) => {
    const result = await h.call("get_restore", { id: 4 });
    const got = structured<{ restore: Record<string, unknown> }>(result);
    expect(got.restore).toMatchObject({ id: 4, status: "Failed", service_id: TARGET });
    expect(got.restore).not.toHaveProperty("created_at");
    // No duration is made up; why it is unknown is said in words.
    expect(got).not.toHaveProperty("duration_ms");
    expect(textOf(result)).toContain(
      "How long it took is unknown: the API sent no updated_at (when it ended).",
    );
  });

  it("cancel_restore previews without times and still cancels once", async ({ h }) => {
    const preview = await h.call("cancel_restore", { id: runningId });
    const shown = structured<{ restore: Record<string, unknown> }>(preview);
    expect(shown).toMatchObject({
      confirmation_required: true,
      id: runningId,
      cancelled: false,
      restore: { id: runningId, status: "Running", service_id: TARGET },
    });
    for (const absent of ["service_name", "created_at"])
      expect(shown.restore).not.toHaveProperty(absent);
    // That the times are unknown, rather than a made-up time, is said in words.
    expect(textOf(preview)).toContain("started at an unknown time, running for an unknown time.");
    const token = structured(preview)["confirmation_token"];
    const done = await h.call("cancel_restore", { id: runningId, confirmation_token: token });
    expect(structured(done)).toMatchObject({ id: runningId, cancelled: true });
    expect(h.emulator.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });
});
