/**
 * vitest fixtures for the test projects. Each starts what a test needs on
 * first use and closes it after the test (or the file), replacing the
 * beforeAll/afterAll and afterEach blocks the files used to repeat.
 *
 * vitest reads a fixture's dependencies from its first parameter, which must
 * be a destructuring pattern: `{}` says "none".
 */
/* eslint-disable no-empty-pattern */
import { test } from "vitest";
import { startEmulator, type EmulatorOptions } from "./emulator.js";
import type { FakeHandler } from "./fake-api.js";
import { connectToFake, type FakeClientOptions, type FakeConnection } from "./fake-client.js";
import { startHarness, TEST_KEY, type Harness, type HarnessOptions } from "./harness.js";

/**
 * `freshHarness(options)` starts a harness for this test alone, for tests
 * that each need their own emulator state or server settings.
 *
 *   freshHarnessTest("...", async ({ freshHarness }) => {
 *     const h = await freshHarness({ confirm: "never" });
 *   });
 */
export const freshHarnessTest = test.extend("freshHarness", async ({}, { onCleanup }) => {
  const started: Harness[] = [];
  onCleanup(async () => {
    for (const h of started) await h.close();
  });
  return async (options: HarnessOptions = {}): Promise<Harness> => {
    const h = await startHarness(options);
    started.push(h);
    return h;
  };
});

/**
 * `h`, one harness shared by a file's tests: it starts on the first test that
 * asks for it and closes after the file. `freshHarness` is there too, for
 * the file's tests that need their own.
 *
 *   const it = testWithHarness({ confirm: "never" });
 *   it("lists", async ({ h }) => { ... });
 */
export function testWithHarness(
  options: HarnessOptions = {},
  /** Shapes the emulator's data before the first test sees it (crafted accounts, new services). */
  setUp?: (h: Harness) => void,
) {
  return freshHarnessTest.extend("h", { scope: "file" }, async ({}, { onCleanup }) => {
    const h = await startHarness(options);
    onCleanup(() => h.close());
    setUp?.(h);
    return h;
  });
}

/** A harness with the default emulator and server settings. */
export const harnessTest = testWithHarness();

/**
 * `againstFake(handler, options)`: an MCP client against a fake API
 * (fake-client.ts), for tests that call more than once or read what the
 * fake received.
 */
export const fakeApiTest = test.extend("againstFake", async ({}, { onCleanup }) => {
  const open: FakeConnection[] = [];
  onCleanup(async () => {
    for (const connection of open) await connection.close();
  });
  return async (handler: FakeHandler, options: FakeClientOptions = {}) => {
    const connection = await connectToFake(handler, options);
    open.push(connection);
    return connection;
  };
});

/**
 * An emulator on port 0 shared by a file's tests, for tests that point
 * something other than the in-memory client at it (a spawned server, a proxy).
 */
export function testWithEmulator(options: EmulatorOptions = {}) {
  return test.extend("emulator", { scope: "file" }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator({ apiKey: TEST_KEY, ...options });
    onCleanup(() => emulator.close());
    return emulator;
  });
}
