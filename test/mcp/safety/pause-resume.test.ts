/**
 * A resume undoes one pause, no more: a schedule someone suspended on purpose
 * before the pause stays suspended, and every preview names it with the date
 * it was suspended. The pause's result carries the ids it suspended
 * (resume_with) for a resume that undoes exactly it; a resume with no ids
 * judges the last pause from updated_at.
 */
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import {
  callConfirmed,
  structured,
  textOf,
  type Harness,
  type HarnessOptions,
} from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

const SERVICE = SCENARIOS.healthy;
const HOUR_MS = 3_600_000;
const WEEKS_AGO = "2026-01-10T09:30:00Z";

function testClock() {
  let nowMs = Date.now();
  return { now: () => new Date(nowMs), advance: (ms: number) => void (nowMs += ms) };
}

const schedulesOf = (h: Harness) =>
  [...h.emulator.state.schedules.values()].filter((s) => s.service_id === SERVICE);

/** One of the service's schedules, suspended on purpose weeks ago; the others are active. */
async function withOneSuspendedOnPurpose(
  freshHarness: (options: HarnessOptions) => Promise<Harness>,
) {
  const clock = testClock();
  const h = await freshHarness({ now: clock.now });
  const [onPurpose, ...others] = schedulesOf(h);
  onPurpose!.suspended = true;
  onPurpose!.updated_at = WEEKS_AGO;
  return { h, clock, onPurpose: onPurpose!, others };
}

describe("suspend_service_schedules: a resume undoes only what the pause did", () => {
  it("the pause names the schedule already suspended, with its date, and hands back the ids it suspended", async ({
    freshHarness,
  }) => {
    const { h, onPurpose, others } = await withOneSuspendedOnPurpose(freshHarness);
    const args = { service_id: SERVICE, suspended: true };
    const preview = await h.call("suspend_service_schedules", args);
    const ids = others.map((s) => s.id);
    expect(structured(preview)).toMatchObject({ to_change: ids, unchanged: [onPurpose.id] });
    // The date it was suspended is in the text only.
    expect(textOf(preview)).toContain(
      `Already suspended: #${onPurpose.id} (suspended since 2026-01-10 09:30 UTC).`,
    );
    const paused = await callConfirmed(h.call, "suspend_service_schedules", args);
    expect(structured(paused)).toMatchObject({
      changed: ids,
      unchanged: [onPurpose.id],
      resume_with: { service_id: SERVICE, suspended: false, schedule_ids: ids },
    });
  });

  it("a resume with no ids, hours later, resumes the pause's schedules and leaves the one suspended on purpose, named", async ({
    freshHarness,
  }) => {
    const { h, clock, onPurpose, others } = await withOneSuspendedOnPurpose(freshHarness);
    await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    clock.advance(5 * HOUR_MS);
    const args = { service_id: SERVICE, suspended: false };
    const preview = await h.call("suspend_service_schedules", args);
    expect(structured(preview)).toMatchObject({
      to_change: others.map((s) => s.id),
      kept_suspended: [onPurpose.id],
    });
    // The date it was suspended is in the text only.
    expect(textOf(preview)).toContain(
      `Left suspended (suspended before the last pause, so on purpose; name them in schedule_ids to resume them): #${onPurpose.id} (suspended since 2026-01-10 09:30 UTC).`,
    );
    const resumed = await callConfirmed(h.call, "suspend_service_schedules", args);
    expect(structured(resumed)).toMatchObject({ changed: others.map((s) => s.id) });
    expect(onPurpose.suspended).toBe(true);
    expect(others.every((s) => s.suspended === false)).toBe(true);
  });

  it("a resume with the pause's resume_with undoes exactly it; naming the other resumes that too", async ({
    freshHarness,
  }) => {
    const { h, clock, onPurpose, others } = await withOneSuspendedOnPurpose(freshHarness);
    const paused = await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    clock.advance(2 * 24 * HOUR_MS);
    const undo = structured<{ resume_with: Record<string, unknown> }>(paused).resume_with;
    const resumed = await callConfirmed(h.call, "suspend_service_schedules", undo);
    expect(structured(resumed)).toMatchObject({
      changed: others.map((s) => s.id),
      kept_suspended: [onPurpose.id],
    });
    expect(onPurpose.suspended).toBe(true);

    const asked = await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: false,
      schedule_ids: [onPurpose.id],
    });
    expect(structured(asked)).toMatchObject({ changed: [onPurpose.id] });
    expect(onPurpose.suspended).toBe(false);
  });

  it("with nothing suspended before, pause then resume brings back every schedule", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const all = schedulesOf(h);
    await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    clock.advance(HOUR_MS);
    const resumed = await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: false,
    });
    expect(structured(resumed)).toMatchObject({ changed: all.map((s) => s.id) });
    expect(structured(resumed)).not.toHaveProperty("kept_suspended");
    expect(all.every((s) => s.suspended === false)).toBe(true);
  });

  it("schedule_ids with a pause, or naming another service's schedule, is refused before any change", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const [mine] = schedulesOf(h);
    const other = [...h.emulator.state.schedules.values()].find((s) => s.service_id !== SERVICE);
    const withPause = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
      schedule_ids: [mine!.id],
    });
    expect(withPause.isError).toBe(true);
    expect(textOf(withPause)).toContain("schedule_ids chooses what a resume");
    const foreign = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: false,
      schedule_ids: [other!.id],
    });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toContain(`schedule_ids #${other!.id} is not a recurring schedule of`);
    expect(h.emulator.requests.filter((r) => r.method === "PATCH")).toHaveLength(0);
  });
});
