import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { BackupSchedule } from "../../../src/emulator/primitives.js";
import { registerTestSecret, structured, textOf, type Harness } from "../../helpers/harness.js";
import { testWithHarness } from "../../helpers/fixtures.js";

const SERVICE = SCENARIOS.stuck;
const GCP = '{"type":"service_account","client_email":"b@p.iam","private_key":"PK-0123456789"}';
const AWS =
  "[default]\naws_access_key_id = AKIAEXAMPLE123\naws_secret_access_key = wJalrXUtnFEMIEXAMPLEKEY0\n";

// The create checks share one emulator (each touches its own services); the update checks
// run with confirmation off, so they get their own.
const it = testWithHarness();
const itUnconfirmed = testWithHarness({ confirm: "never" });

describe("create_backup_schedule checks destination, credentials and frequency first", () => {
  const posts = (h: Harness) => h.emulator.requests.filter((r) => r.method === "POST").length;
  const create = (h: Harness, args: Record<string, unknown>) =>
    h.call("create_backup_schedule", { service_id: SERVICE, ...args });

  it.for<[string]>([
    ["ftp://bucket/x"],
    ["bucket/x"],
    ["gs:///x"],
    ["s3://"],
    ["gs:/bucket"],
    ["https://storage.googleapis.com/bucket"],
  ])("refuses bucket_path %j before any request", async ([bucket_path], { h }) => {
    const before = h.emulator.requests.length;
    const result = await create(h, {
      backup_type: "dump",
      schedule: "10 1 * * *",
      external_storage: { bucket_path, credentials: GCP },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("bucket_path must be gs://<bucket>/<path> or s3://");
    expect(h.emulator.requests.length).toBe(before);
  });

  it.for<[string]>([
    ["not a key at all, just a long sentence"],
    ['{"type":"authorized_user","refresh_token":"RT-0123456789"}'],
    ["[default]\nregion = us-east-1\nsome_secret_value = abcdefghijk\n"],
    ['["service_account"]'],
  ])(
    "refuses credentials that are neither GCP nor AWS without echoing them: %#",
    async ([value], { h }) => {
      registerTestSecret(value);
      const before = posts(h);
      const result = await create(h, {
        backup_type: "dump",
        schedule: "20 1 * * *",
        external_storage: { bucket_path: "gs://bucket/x", credentials: value },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("neither a GCP service-account JSON");
      expect(textOf(result)).toContain("Nothing was sent");
      expect(posts(h)).toBe(before);
    },
  );

  it("accepts both kinds of credentials and names the bucket in the result", async ({ h }) => {
    for (const [credentials, bucket_path, minute] of [
      [GCP, "gs://acme-backups/orders", 30],
      [AWS, "s3://acme-backups", 35],
    ] as const) {
      const result = await create(h, {
        backup_type: "dump",
        schedule: `${minute} 1 * * *`,
        external_storage: { bucket_path, credentials },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(textOf(result)).toContain(`Backups go to your bucket ${bucket_path}.`);
    }
    const cloud = await create(h, { backup_type: "dump", schedule: "40 1 * * *" });
    expect(textOf(cloud)).toContain("Backups go to MariaDB Cloud storage.");
  });

  it.for<[string, string]>([
    ["full", "*/30 * * * *"],
    ["dump", "0,59 * * * *"],
    ["snapshot", "*/5 2 * * *"],
  ])(
    "a %s on %j (more than hourly) needs allow_frequent",
    async ([backup_type, schedule], { h }) => {
      const before = h.emulator.requests.length;
      const refused = await create(h, { backup_type, schedule });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain("more than once an hour");
      expect(textOf(refused)).toContain("allow_frequent: true");
      expect(h.emulator.requests.length).toBe(before);
      const allowed = await create(h, { backup_type, schedule, allow_frequent: true });
      expect(allowed.isError, textOf(allowed)).toBeFalsy();
      expect(structured(allowed)).toMatchObject({ type: backup_type, schedule });
    },
  );

  it.for<[string, string]>([
    ["full", "0 * * * *"],
    ["binarylog", "*/15 * * * *"],
    ["incremental", "*/30 * * * *"],
  ])("a %s on %j is not held back", async ([backup_type, schedule], { h }) => {
    const result = await create(h, { backup_type, schedule });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(structured(result)).toMatchObject({ type: backup_type, schedule });
  });
});

describe("bucket and credentials must belong together", () => {
  it.for<[string, string, string]>([
    [
      "gs://acme-backups/x",
      AWS,
      "an AWS credentials INI, but the bucket is a Google Cloud Storage",
    ],
    ["s3://acme-backups/x", GCP, "a GCP service-account JSON, but the bucket is an Amazon S3"],
  ])(
    "%s with the other cloud's credentials is refused before any request",
    async ([bucket_path, credentials, why], { h }) => {
      const before = h.emulator.requests.length;
      const result = await h.call("create_backup_schedule", {
        service_id: SERVICE,
        backup_type: "dump",
        schedule: "20 1 * * *",
        external_storage: { bucket_path, credentials },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(why);
      expect(textOf(result)).toContain("Nothing was sent");
      expect(h.emulator.requests.length).toBe(before);
    },
  );

  it.for<[string]>([["s3://bucket/x y"], ["gs://bucket/../x"], ["gs://bucket/./x"], ["gs://ab/x"]])(
    "refuses bucket_path %j (spaces, . or .. segments, a name under 3 characters)",
    async ([bucket_path], { h }) => {
      const result = await h.call("create_backup_schedule", {
        service_id: SERVICE,
        backup_type: "dump",
        schedule: "20 1 * * *",
        external_storage: { bucket_path, credentials: GCP },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("bucket_path must be gs://<bucket>/<path>");
    },
  );

  it("an AWS section header is not scrubbed from the server's own help text", async ({ h }) => {
    const result = await h.call("create_backup_schedule", {
      service_id: SERVICE,
      backup_type: "dump",
      schedule: "20 1 * * *",
      external_storage: {
        bucket_path: "s3://acme-backups/x",
        credentials: "[default]\nregion = x",
      },
    });
    expect(textOf(result)).toContain("([default] with aws_access_key_id");
    expect(textOf(result)).not.toContain("[redacted]");
  });
});

describe("update_backup_schedule holds back a frequent base cron too", () => {
  const patches = (h: Harness) => h.emulator.requests.filter((r) => r.method === "PATCH").length;
  const scheduleOf = (h: Harness, type: string) =>
    [...h.emulator.state.schedules.values()].find(
      (s) => s.service_id === SERVICE && s.type === type && s.schedule !== "once",
    )!;

  itUnconfirmed(
    "a full moved to every 30 minutes, or an incremental retyped to full on one, needs allow_frequent",
    async ({ h }) => {
      const full = scheduleOf(h, "full");
      const moved = await h.call("update_backup_schedule", {
        id: full.id,
        schedule: "*/30 * * * *",
      });
      expect(moved.isError).toBe(true);
      expect(textOf(moved)).toContain("more than once an hour");
      expect(textOf(moved)).toContain("Nothing was changed");
      const incremental = scheduleOf(h, "incremental");
      await h.call("update_backup_schedule", { id: incremental.id, schedule: "*/20 * * * *" });
      const retyped = await h.call("update_backup_schedule", {
        id: incremental.id,
        backup_type: "full",
      });
      expect(retyped.isError).toBe(true);
      const before = patches(h);
      const allowed = await h.call("update_backup_schedule", {
        id: full.id,
        schedule: "*/30 * * * *",
        allow_frequent: true,
      });
      expect(allowed.isError, textOf(allowed)).toBeFalsy();
      expect(patches(h)).toBe(before + 1);
      // allow_frequent is this server's switch, never sent to the API.
      expect(h.emulator.state.schedules.get(full.id)?.schedule).toBe("*/30 * * * *");
    },
  );

  itUnconfirmed(
    "suspending a frequent full needs no allow_frequent: the cron is not being set",
    async ({ h }) => {
      const full = scheduleOf(h, "full");
      const result = await h.call("update_backup_schedule", { id: full.id, suspended: true });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(structured(result)).toMatchObject({
        id: full.id,
        changed: true,
        suspended: true,
        next_runs: [],
      });
      // The API's "Backup is scheduled." would contradict the suspension: the text leaves it out.
      expect(textOf(result)).not.toContain("Backup is scheduled.");
    },
  );
});

describe("the duplicate check compares type, cron and destination", () => {
  let nextId = 9000;

  /** A schedule as some API version might describe its destination. */
  function seed(h: Harness, service: string, extra: Record<string, unknown>): number {
    const id = nextId++;
    h.emulator.state.schedules.set(id, {
      id,
      service_id: service,
      schedule: "15 4 * * *",
      type: "full",
      status: "Scheduled",
      message: "Backup is scheduled.",
      suspended: false,
      created_at: "2026-11-01T00:00:00Z",
      updated_at: "2026-11-01T00:00:00Z",
      labels: {},
      ...extra,
    } as unknown as BackupSchedule);
    return id;
  }
  const create = (h: Harness, service: string, bucket?: string) =>
    h.call("create_backup_schedule", {
      service_id: service,
      backup_type: "full",
      schedule: "15 4 * * *",
      ...(bucket && {
        external_storage: {
          bucket_path: bucket,
          credentials: bucket.startsWith("s3:") ? AWS : GCP,
        },
      }),
    });

  it("refuses the same destination, allows another one, and says when it cannot tell", async ({
    h,
  }) => {
    const [a, b, c, d] = [
      SCENARIOS.healthy,
      SCENARIOS.stopped,
      SCENARIOS.failing,
      SCENARIOS.binlogGap,
    ];
    const cloud = seed(h, a, { is_external_storage: false });
    const ours = seed(h, b, { external_storage: { bucket: { path: "gs://mine/db/" } } });
    const flagged = seed(h, c, { is_external_storage: true });
    const silent = seed(h, d, {});

    const sameCloud = await create(h, a);
    expect(textOf(sameCloud)).toContain(`schedule #${cloud} already makes full backups`);
    expect(textOf(sameCloud)).toContain("Both store to MariaDB Cloud storage.");
    expect((await create(h, a, "gs://mine/db")).isError).toBeFalsy();

    const sameBucket = await create(h, b, "gs://mine/db");
    expect(textOf(sameBucket)).toContain(`schedule #${ours} already makes full backups`);
    expect((await create(h, b, "s3://other/db")).isError).toBeFalsy();
    expect((await create(h, b)).isError).toBeFalsy();

    const whichBucket = await create(h, c, "gs://xyz/y");
    expect(textOf(whichBucket)).toContain(`The API does not say where #${flagged} stores`);
    expect((await create(h, c)).isError).toBeFalsy();

    const unknown = await create(h, d);
    expect(textOf(unknown)).toContain(`The API does not say where #${silent} stores`);
    expect(textOf(unknown)).toContain("allow_duplicate");
    const forced = await h.call("create_backup_schedule", {
      service_id: d,
      backup_type: "full",
      schedule: "15 4 * * *",
      allow_duplicate: true,
    });
    expect(structured<{ id: number }>(forced).id).toBeGreaterThan(0);
  });
});
