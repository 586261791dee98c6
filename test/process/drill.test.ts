/**
 * `skybackup-mcp drill` end to end: the built CLI against an emulator whose
 * restores run fast, through the same tools an assistant gets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SCENARIOS, startEmulator, type RunningEmulator } from "../helpers/emulator.js";
import { TEST_KEY } from "../helpers/harness.js";
import { runCli } from "../helpers/spawn.js";

const SOURCE = SCENARIOS.healthy; // orders-prod, gcp, with point-in-time coverage
const SCRATCH = SCENARIOS.restoreTarget; // scratch-restore, gcp, 2 TB disk

describe("the drill command", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(() => emulator?.close());

  async function start(): Promise<Record<string, string>> {
    // A restore of any size ends about a second after it starts.
    emulator = await startEmulator({ apiKey: TEST_KEY, restoreSpeedup: 100_000 });
    return { SKYSQL_API_URL: emulator.url, SKYSQL_API_KEY: TEST_KEY };
  }

  const restoresInto = (id: string) =>
    emulator!.state.restores.forTarget(id).filter((r) => r.id > 5); // 1-5: the demo history

  const posts = () =>
    emulator!.requests.filter((r) => r.method === "POST" && r.path === "/skybackup/v1/restores");

  it("restores into the scratch service, follows it and says what was proven (exit 0)", async () => {
    const env = await start();
    const run = await runCli(["drill", "--source", SOURCE, "--target", SCRATCH, "--yes"], env);
    expect(run.code, run.stderr).toBe(0);
    const made = restoresInto(SCRATCH);
    expect(made).toHaveLength(1);
    const restore = made[0]!;
    // The source's latest point: a point-in-time restore of it, or, in the hour after an
    // incremental when no binlog replays past it yet, that backup of it restored by its id.
    const backup = emulator!.state.backups.find((b) => b.id === restore.backupId);
    expect(restore.backupId === SOURCE || backup?.service_id === SOURCE, restore.backupId).toBe(
      true,
    );
    expect(emulator!.state.restores.get(restore.id)?.outcome.status).toBe("Succeeded");
    expect(posts()).toHaveLength(1);
    expect(run.stdout).toContain("Restore drill succeeded");
    expect(run.stdout).toContain(`Source: ${SOURCE}`);
    // The one text form of a time, as every other answer writes it; --json keeps RFC 3339.
    expect(run.stdout).toMatch(/Point: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\n/);
    expect(run.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}Z/);
    expect(run.stdout).toContain(`Target: ${SCRATCH} ("scratch-restore")`);
    expect(run.stdout).toContain(`Restore: #${restore.id} Succeeded`);
    expect(run.stdout).toMatch(/Duration: \d+ s/);
    // Progress on stderr, the erasing preview logged, no token or key anywhere.
    expect(run.stderr).toContain(`drill: restore #${restore.id} Running`);
    expect(run.stderr).toContain(`drill: restore #${restore.id} Succeeded`);
    expect(run.stderr).toContain("WILL BE ERASED");
    expect(run.stdout + run.stderr).not.toContain("confirmation_token");
    expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
  }, 30_000);

  it("prints the proof as JSON with --json", async () => {
    const env = await start();
    const run = await runCli(
      ["drill", "--source", SOURCE, "--target", SCRATCH, "--time", "latest", "--yes", "--json"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const proof = JSON.parse(run.stdout) as Record<string, unknown>;
    const id = restoresInto(SCRATCH)[0]?.id;
    expect(proof).toMatchObject({
      result: "succeeded",
      source_service_id: SOURCE,
      target_time: "latest",
      target_service_id: SCRATCH,
      target_service_name: "scratch-restore",
      restore_id: id,
      status: "Succeeded",
    });
    expect(typeof proof.point).toBe("string");
    expect(typeof proof.duration_ms).toBe("number");
  }, 30_000);

  it("fixes a relative --time once, so the preview and the confirmation name the same point", async () => {
    const env = await start();
    const before = Date.now();
    const run = await runCli(
      ["drill", "--source", SOURCE, "--target", SCRATCH, "--time=-2h", "--yes", "--json"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const proof = JSON.parse(run.stdout) as { point: string; target_time: string };
    expect(proof.target_time).toBe("-2h");
    const pointMs = Date.parse(proof.point);
    expect(Math.abs(pointMs - (before - 7_200_000))).toBeLessThan(10_000);
    expect(run.stderr).toContain(`at ${proof.point} (-2h) into ${SCRATCH}`);
  }, 30_000);

  it("exits 1 when the restore ends Failed (a target disk too small for the backup)", async () => {
    const env = await start();
    // The emulator fails a restore whose backup needs more disk than the target has.
    emulator!.state.service(SCRATCH)!.diskBytes = 1_000_000;
    const run = await runCli(["drill", "--source", SOURCE, "--target", SCRATCH, "--yes"], env);
    expect(run.code, run.stderr).toBe(1);
    const made = restoresInto(SCRATCH);
    expect(made).toHaveLength(1);
    expect(made[0]!.outcome.status).toBe("Failed");
    expect(run.stdout).toContain("Restore drill FAILED");
    expect(run.stdout).toContain(
      `Restore: #${made[0]!.id} Failed "Restore has failed: the backup needs`,
    );
  }, 30_000);

  it("exits 3 when the target's eligibility cannot be checked (the lookup fails)", async () => {
    const env = await start();
    // The prefix matches POST /skybackup/v1/restores/lookup, plan_restore's eligibility check.
    emulator!.faults.add({
      match: { method: "POST", path: "/skybackup/v1/restores/lookup" },
      fault: "status",
      status: 500,
    });
    const run = await runCli(["drill", "--source", SOURCE, "--target", SCRATCH, "--yes"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `${SCRATCH} is not ready to take this restore: eligibility unknown: the target lookup failed`,
    );
    expect(posts()).toHaveLength(0);
    expect(restoresInto(SCRATCH)).toHaveLength(0);
    expect(run.stdout).toBe("");
  }, 30_000);

  it("exits 3 when the plan rules the target out: a restore already running there", async () => {
    const env = await start();
    const now = Date.now();
    const running = emulator!.state.restores.add({
      serviceId: SCRATCH,
      serviceName: "scratch-restore",
      backupId: SOURCE,
      bucket: "gs://bucket/path",
      type: "physical",
      createdMs: now,
      endsMs: now + 3_600_000,
      outcome: { status: "Succeeded" },
    });
    const run = await runCli(["drill", "--source", SOURCE, "--target", SCRATCH, "--yes"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `${SCRATCH} is not ready to take this restore: restore #${running.id} is running there`,
    );
    expect(run.stderr).toContain(`#${running.id}`);
    expect(posts()).toHaveLength(0);
    expect(restoresInto(SCRATCH).map((r) => r.id)).toEqual([running.id]);
  }, 30_000);

  it.each([
    [
      "a point no backup reaches",
      ["--time", "2020-01-01"],
      /2020-01-01 of dbtgf28216706 cannot be restored/,
    ],
    [
      "a target on another cloud",
      ["--target", SCENARIOS.stopped],
      /is not ready to take this restore: the API does not list it as a target/,
    ],
  ])(
    "exits 3 on %s, with the plan's reason, and restores nothing",
    async (_name, change, message) => {
      const env = await start();
      const flags = { "--source": SOURCE, "--target": SCRATCH, "--time": "latest" };
      flags[change[0] as keyof typeof flags] = change[1]!;
      const run = await runCli(["drill", ...Object.entries(flags).flat(), "--yes"], env);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(posts()).toHaveLength(0);
    },
    30_000,
  );

  it.each([
    [
      "without --yes",
      ["--source", SOURCE, "--target", SCRATCH],
      [],
      /ERASES ALL DATA in dbgsr10358824.*pass --yes/,
    ],
    [
      "onto the source itself, even with --yes",
      ["--source", SOURCE, "--target", SOURCE, "--yes"],
      [],
      /is the source itself/,
    ],
    [
      "a target outside --services",
      ["--source", SOURCE, "--target", SCRATCH, "--yes", "--services", SOURCE],
      [],
      /--target dbgsr10358824 is outside --services/,
    ],
    [
      "a source outside --services",
      ["--source", SOURCE, "--target", SCRATCH, "--yes"],
      ["SKYSQL_SERVICES", SCRATCH],
      /--source dbtgf28216706 is outside --services/,
    ],
    [
      "with --read-only",
      ["--source", SOURCE, "--target", SCRATCH, "--yes", "--read-only"],
      [],
      /--read-only forbids/,
    ],
    [
      "without get_restore to follow the restore",
      ["--source", SOURCE, "--target", SCRATCH, "--yes", "--disable-tools", "get_restore"],
      [],
      /--disable-tools leave out get_restore/,
    ],
  ])(
    "refuses %s: exit 3, no request at all",
    async (_name, flags, extraEnv, message) => {
      const env = await start();
      const [name, value] = extraEnv as string[];
      const run = await runCli(
        ["drill", ...(flags as string[])],
        name ? { ...env, [name]: value! } : env,
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message as RegExp);
      expect(run.stderr).toContain("Nothing was restored.");
      expect(emulator!.requests).toHaveLength(0);
      expect(restoresInto(SCRATCH)).toHaveLength(0);
    },
    30_000,
  );

  it.each([
    [
      "a missing --target",
      ["--source", SOURCE, "--yes"],
      /--target is not set: name a scratch service/,
    ],
    ["a missing --source", ["--target", SCRATCH, "--yes"], /--source is not set/],
    [
      "a malformed --time",
      ["--source", SOURCE, "--target", SCRATCH, "--time", "yesterday", "--yes"],
      /--time must be "latest" or/,
    ],
    [
      "a malformed service id",
      ["--source", "x", "--target", SCRATCH, "--yes"],
      /--source must be a service id/,
    ],
  ])(
    "stops on %s as a usage error: exit 64, no request",
    async (_name, flags, message) => {
      const env = await start();
      const run = await runCli(["drill", ...flags], env);
      expect(run.code).toBe(64);
      expect(run.stderr).toMatch(message);
      expect(emulator!.requests).toHaveLength(0);
    },
    30_000,
  );
});
