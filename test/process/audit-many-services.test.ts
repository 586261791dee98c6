/**
 * An account of 50 services makes one pager per service on the same call's
 * signal. That is many abort listeners by design, and Node warns past 10 on
 * stderr, which a pipeline reading stderr would take for an error. The audit
 * must stay silent there.
 */
import { expect } from "vitest";
import { testWithEmulator } from "../helpers/fixtures.js";
import { TEST_KEY } from "../helpers/harness.js";
import { runCli } from "../helpers/spawn.js";

const it = testWithEmulator({ services: 50, backups: 6000 });

it("a 50-service audit writes its report and nothing on stderr", async ({ emulator }) => {
  const result = await runCli(["audit"], {
    SKYSQL_API_URL: emulator.url,
    SKYSQL_API_KEY: TEST_KEY,
  });
  expect([0, 1, 2]).toContain(result.code);
  expect(result.stdout).toMatch(/ of 50 services/);
  expect(result.stderr).toBe("");
});
