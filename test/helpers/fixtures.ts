/**
 * vitest fixtures for the test projects.
 *
 * The in-memory harness as a vitest fixture: `h` starts on the first test of
 * a file that asks for it, is shared by the file's tests, and closes after
 * the file, replacing the beforeAll/afterAll block each file used to carry.
 *
 *   const it = testWithHarness({ confirm: "never" });
 *   it("lists", async ({ h }) => { ... });
 */
import { test } from "vitest";
import type { FakeHandler } from "./fake-api.js";
import { connectToFake, type FakeClientOptions, type FakeConnection } from "./fake-client.js";
import { startEmulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { startHarness, TEST_KEY, type Harness, type HarnessOptions } from "./harness.js";

export function testWithHarness(
  options: HarnessOptions = {},
  /** Shapes the emulator's data before the first test sees it (crafted accounts, new services). */
  setUp?: (h: Harness) => void,
) {
  // vitest reads a fixture's dependencies from its first parameter, which must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  return test.extend("h", { scope: "file" }, async ({}, { onCleanup }) => {
    const h = await startHarness(options);
    onCleanup(() => h.close());
    setUp?.(h);
    return h;
  });
}

/** A harness with the default emulator and server settings. */
export const harnessTest = testWithHarness();

/**
 * For tests that each need their own emulator state or server settings:
 * `freshHarness(options)` starts one for this test alone and closes it after
 * the test, replacing the `let h` + afterEach(close) pattern.
 *
 *   freshHarnessTest("...", async ({ freshHarness }) => {
 *     const h = await freshHarness({ confirm: "never" });
 *   });
 */
// eslint-disable-next-line no-empty-pattern -- see testWithHarness
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
 * `againstFake(handler, options)`: an MCP client against a fake API
 * (fake-client.ts) that closes after the test, for tests that call more than
 * once or read what the fake received.
 */
// eslint-disable-next-line no-empty-pattern -- see testWithHarness
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
  // eslint-disable-next-line no-empty-pattern -- see testWithHarness
  return test.extend("emulator", { scope: "file" }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator({ apiKey: TEST_KEY, ...options });
    onCleanup(() => emulator.close());
    return emulator;
  });
}
