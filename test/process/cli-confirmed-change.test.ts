import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, SCENARIOS, type RunningEmulator } from "../helpers/emulator.js";
import { TEST_KEY } from "../helpers/harness.js";
import { runCli } from "../helpers/spawn.js";

const ORG = "org-1234";

describe("the CLI's call can finish a confirmed change", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(() => emulator?.close());

  it("previews in one process and applies with the token in the next", async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
    const env = { SKYSQL_API_URL: emulator.url, SKYSQL_API_KEY: TEST_KEY, SKYSQL_ORG_ID: ORG };
    const target = [...emulator.state.schedules.values()].find(
      (s) => s.service_id === SCENARIOS.healthy && s.type === "dump",
    )!;
    const args = { id: target.id, suspended: true };
    const preview = await runCli(
      ["call", "update_backup_schedule", JSON.stringify(args), "--json"],
      env,
    );
    expect(preview.code, preview.stderr).toBe(0);
    const { confirmation_token } = JSON.parse(preview.stdout) as { confirmation_token: string };
    expect(target.suspended).toBe(false);

    const done = await runCli(
      ["call", "update_backup_schedule", JSON.stringify({ ...args, confirmation_token })],
      env,
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Updated schedule #${target.id}`);
    expect(target.suspended).toBe(true);
    for (const output of [preview, done]) {
      expect(output.stdout + output.stderr).not.toContain(TEST_KEY);
    }

    // A process configured for another organisation refuses a token of this one.
    const resume = { id: target.id, suspended: false };
    const next = await runCli(
      ["call", "update_backup_schedule", JSON.stringify(resume), "--json"],
      env,
    );
    const fresh = (JSON.parse(next.stdout) as { confirmation_token: string }).confirmation_token;
    const foreign = await runCli(
      ["call", "update_backup_schedule", JSON.stringify({ ...resume, confirmation_token: fresh })],
      { ...env, SKYSQL_ORG_ID: "org-5678" },
    );
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain("not issued with these credentials");
    expect(target.suspended).toBe(true);

    // Someone changes the schedule after the preview: the token is refused with a fresh
    // preview, and the command exits 1 so a script cannot take it for an applied change.
    target.schedule = "0 5 * * 0";
    target.updated_at = "2026-11-29T18:00:00Z";
    const stale = await runCli(
      ["call", "update_backup_schedule", JSON.stringify({ ...resume, confirmation_token: fresh })],
      env,
    );
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("changed since the preview");
    expect(target.suspended).toBe(true);
  }, 30_000);
});
