/**
 * A relative target_time ("-3h") is read once, by the preview, and the token
 * carries the moment it was read at: the same call repeated with the token
 * restores the point the user saw, however much later it comes (within the
 * token's life), and on another replica that shares the credentials.
 */
import { describe, expect } from "vitest";
import { connectClient, structured, textOf, TEST_KEY } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import { restorePosts, SCRATCH, SOURCE, tokenOf } from "./create-restore-helpers.js";

const MINUTE_MS = 60_000;

/** A clock the test moves; the emulator and the server read the same one. */
function testClock() {
  let nowMs = Date.now();
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => void (nowMs += ms),
  };
}

const ARGS = { source_service_id: SOURCE, target_time: "-3h", target_service_id: SCRATCH };

/** The exact second "-3h" means at `ms`, written as target_time accepts it. */
const threeHoursBefore = (ms: number) =>
  new Date(Math.floor((ms - 3 * 3_600_000) / 1000) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(".000Z", "");

const pointOf = (result: Parameters<typeof structured>[0]) =>
  (structured(result).source as { point?: string } | undefined)?.point;

describe("create_restore with a relative target_time", () => {
  it("the preview pins '-3h' and says so, in text and in structuredContent, in the form the tool accepts", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const expected = threeHoursBefore(clock.now().getTime());
    const preview = await h.call("create_restore", ARGS);
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      pinned_target_time: expected,
    });
    expect(textOf(preview)).toContain(`target_time "-3h" is pinned to "${expected}" (UTC)`);
    expect(pointOf(preview)).toBe(`${expected.replace(" ", "T")}Z`);
  });

  it("the same arguments ('-3h' again) with the token, two minutes later, restore the pinned point", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const preview = await h.call("create_restore", ARGS);
    const pinned = structured(preview).pinned_target_time;
    clock.advance(2 * MINUTE_MS);

    const done = await h.call("create_restore", { ...ARGS, confirmation_token: tokenOf(preview) });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(structured(done)).toMatchObject({ created: true, pinned_target_time: pinned });
    expect(pointOf(done)).toBe(pointOf(preview));
    expect(restorePosts(h)).toHaveLength(1);
  });

  it("the pinned value itself, sent back with the token, restores the same point", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const preview = await h.call("create_restore", ARGS);
    const pinned = structured(preview).pinned_target_time;
    clock.advance(MINUTE_MS);
    const done = await h.call("create_restore", {
      ...ARGS,
      target_time: pinned,
      confirmation_token: tokenOf(preview),
    });
    expect(structured(done)).toMatchObject({ created: true });
    expect(pointOf(done)).toBe(pointOf(preview));
  });

  it("another replica with the same credentials reads '-3h' at the preview's moment too", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const confirmationKey = Buffer.alloc(32, 7);
    const h = await freshHarness({ now: clock.now, confirmationKey });
    const preview = await h.call("create_restore", ARGS);
    clock.advance(3 * MINUTE_MS);
    const replica = await connectClient(h.emulator.url, TEST_KEY, {
      now: clock.now,
      confirmationKey,
    });
    try {
      const done = await replica.client.callTool({
        name: "create_restore",
        arguments: { ...ARGS, confirmation_token: tokenOf(preview) },
      });
      expect(structured(done as never)).toMatchObject({ created: true });
      expect(pointOf(done as never)).toBe(pointOf(preview));
    } finally {
      await replica.close();
    }
  });

  it("a token for '-3h' does not confirm '-4h': refused, naming what '-4h' means", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const preview = await h.call("create_restore", ARGS);
    const refused = await h.call("create_restore", {
      ...ARGS,
      target_time: "-4h",
      confirmation_token: tokenOf(preview),
    });
    expect(refused.isError).toBe(true);
    const fourHours = threeHoursBefore(clock.now().getTime() - 3_600_000);
    expect(textOf(refused)).toContain("the token was issued for different arguments");
    expect(textOf(refused)).toContain(`target_time "-4h"`);
    expect(textOf(refused)).toContain(`means "${fourHours}"`);
    expect(restorePosts(h)).toHaveLength(0);
  });

  it("an expired token is refused as expired, naming the point it had pinned", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const preview = await h.call("create_restore", ARGS);
    const pinned = structured(preview).pinned_target_time as string;
    clock.advance(6 * MINUTE_MS);
    const refused = await h.call("create_restore", {
      ...ARGS,
      confirmation_token: tokenOf(preview),
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("the token has expired");
    expect(textOf(refused)).toContain(`"${pinned}"`);
    expect(restorePosts(h)).toHaveLength(0);
  });

  it("a token from an absolute-time preview gives '-3h' no pinned point, and the refusal says so", async ({
    freshHarness,
  }) => {
    const clock = testClock();
    const h = await freshHarness({ now: clock.now });
    const absolute = threeHoursBefore(clock.now().getTime());
    const preview = await h.call("create_restore", { ...ARGS, target_time: absolute });
    expect(structured(preview)).not.toHaveProperty("pinned_target_time");
    clock.advance(MINUTE_MS);
    const refused = await h.call("create_restore", {
      ...ARGS,
      confirmation_token: tokenOf(preview),
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("The token holds no pinned point");
    expect(restorePosts(h)).toHaveLength(0);
  });
});
