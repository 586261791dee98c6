import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { registerTestSecret, structured, textOf, type Harness } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

const posts = (h: Harness) => h.emulator.requests.filter((r) => r.method === "POST").length;

const it = testWithHarness();

describe("create_backup_schedule refuses duplicates and keeps credentials secret", () => {
  it("refuses an identical type + cron, naming the schedule that already does it", async ({
    h,
  }) => {
    const existing = [...h.emulator.state.schedules.values()].find(
      (s) => s.service_id === SCENARIOS.healthy && s.type === "full",
    )!;
    const before = posts(h);
    const result = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "full",
      schedule: existing.schedule.replace(/ /g, "  "),
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      `schedule #${existing.id} already makes full backups of ${SCENARIOS.healthy}`,
    );
    expect(textOf(result)).toContain("allow_duplicate");
    expect(posts(h)).toBe(before);

    // The same times written differently are the same schedule.
    const sunday = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "dump",
      schedule: "30 3 * * 0",
    });
    expect(sunday.isError, textOf(sunday)).toBeFalsy();
    expect(structured(sunday)).toMatchObject({ type: "dump", schedule: "30 3 * * 0" });
    const again = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "dump",
      schedule: "30 03 * * 7",
    });
    expect(textOf(again)).toContain("already makes dump backups of");
    expect(posts(h)).toBe(before + 1);

    const forced = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "full",
      schedule: existing.schedule,
      allow_duplicate: true,
    });
    expect(forced.isError).toBeFalsy();
    expect(structured(forced)).toMatchObject({ type: "full", schedule: existing.schedule });
    expect(structured<{ id: number }>(forced).id).not.toBe(existing.id);
    expect(posts(h)).toBe(before + 2);
  });

  it("reads credentials_file at call time, sends nothing when it is unreadable, and never shows the contents", async ({
    h,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), "skybackup-creds-"));
    const file = join(dir, "aws.ini");
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    registerTestSecret(secret);
    await writeFile(
      file,
      `[default]\naws_access_key_id = AKIAEXAMPLE123\naws_secret_access_key = ${secret}\nregion = us-east-1\n`,
    );
    const ok = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "dump",
      schedule: "45 1 * * *",
      external_storage: { bucket_path: "s3://bucket/x", credentials_file: file },
    });
    expect(ok.isError).toBeFalsy();
    expect(JSON.stringify(ok)).not.toContain(secret);
    expect(structured<{ id: number }>(ok).id).toBeGreaterThan(0);

    const before = posts(h);
    const missing = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "dump",
      schedule: "50 1 * * *",
      external_storage: { bucket_path: "s3://bucket/x", credentials_file: join(dir, "nope.ini") },
    });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("cannot be read (ENOENT)");
    expect(posts(h)).toBe(before);

    const both = await h.call("create_backup_schedule", {
      service_id: SCENARIOS.healthy,
      backup_type: "dump",
      schedule: "55 1 * * *",
      external_storage: { bucket_path: "s3://bkt", credentials: "x", credentials_file: file },
    });
    expect(textOf(both)).toContain("either credentials or credentials_file");
    expect(posts(h)).toBe(before);
  });
});
