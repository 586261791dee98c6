import { describe, expect } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import {
  newestBackup,
  restorePosts,
  restoresOn,
  SCRATCH,
  SOURCE,
  tokenOf,
  atBinlogHour,
  BINLOG_HOUR,
} from "./create-restore-helpers.js";

/** An emulator backup's point_in_time ("2026-12-06 02:03:35") as the tools write it. */
const rfc = (pointInTime: string) => `${pointInTime.replace(" ", "T")}Z`;

describe("create_restore previews, then restores each kind of source once confirmed", () => {
  it("a managed full backup: the preview says what is lost, then the token starts exactly one restore", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const full = newestBackup(h, SOURCE, "full");
    const args = { backup_id: full.id, source_service_id: SOURCE, target_service_id: SCRATCH };
    const preview = await h.call("create_restore", args);
    expect(preview.isError).toBeFalsy();
    // What the user loses is the text's to say: the erasure, the stop, the logins.
    const text = textOf(preview);
    expect(text).toContain(`ALL DATA IN "scratch-restore" (${SCRATCH}) WILL BE ERASED`);
    expect(text).toContain(`While it runs, ${SCRATCH} is stopped`);
    expect(text).toContain(`Login: its users and passwords are replaced by ${SOURCE}'s`);
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      created: false,
      target_service_id: SCRATCH,
      target_service_name: "scratch-restore",
      onto_itself: false,
      eligible: true,
      source: {
        kind: "backup",
        service_id: SOURCE,
        point: rfc(full.point_in_time),
        chain: [
          { role: "base", type: "full", id: full.id, point_in_time: rfc(full.point_in_time) },
        ],
      },
      // The demo's five finished restores into the target, newest first: none running.
      target_restores: [
        { id: 5, status: "Succeeded" },
        { id: 4, status: "Failed" },
        { id: 3, status: "Succeeded" },
        { id: 2, status: "Succeeded" },
        { id: 1, status: "Succeeded" },
      ],
    });
    expect(restorePosts(h)).toHaveLength(0);
    const before = restoresOn(h, SCRATCH).length;

    const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(preview) });
    expect(done.isError).toBeFalsy();
    const result = structured<{ restore_id: number; status: string; created: boolean }>(done);
    expect(result).toMatchObject({
      created: true,
      status: "Running",
      target_service_name: "scratch-restore",
      source: { kind: "backup", service_id: SOURCE },
    });
    // The chain was in the preview; the answer does not repeat it.
    expect(structured(done).source).not.toHaveProperty("chain");
    expect(textOf(done)).toContain(`Watch it with get_restore (id ${result.restore_id})`);
    const made = restoresOn(h, SCRATCH);
    expect(made).toHaveLength(before + 1);
    expect(made.at(-1)).toMatchObject({ id: result.restore_id, backupId: full.id });
    expect(restorePosts(h)).toHaveLength(1);
  });

  it("an incremental brings its full into the chain, and the restore names the incremental", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const inc = newestBackup(h, SOURCE, "incremental");
    const args = { backup_id: inc.id, source_service_id: SOURCE, target_service_id: SCRATCH };
    const preview = await h.call("create_restore", args);
    const chain = (structured(preview).source as { chain: { role: string; id: string }[] }).chain;
    expect(chain[0]).toMatchObject({ role: "base", id: inc.reference_full_backup });
    expect(chain.at(-1)).toMatchObject({ role: "incremental", id: inc.id });
    const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(preview) });
    expect(structured(done)).toMatchObject({ created: true });
    expect(restoresOn(h, SCRATCH).at(-1)).toMatchObject({ backupId: inc.id });
  });

  const fourHoursAgo = new Date(BINLOG_HOUR.getTime() - 4 * 3_600_000)
    .toISOString()
    .slice(0, 16)
    .replace("T", " ");
  it.for(["latest", "-3h", fourHoursAgo])(
    "a point in time (%s): the planner's point and chain, sent as the API's point_in_time",
    async (targetTime, { freshHarness }) => {
      const h = await freshHarness(atBinlogHour);
      const args = {
        source_service_id: SOURCE,
        target_time: targetTime,
        target_service_id: SCRATCH,
      };
      const preview = await h.call("create_restore", args);
      expect(structured(preview)).toMatchObject({
        confirmation_required: true,
        created: false,
        eligible: true,
        source: { kind: "pitr", service_id: SOURCE },
      });
      const source = structured(preview).source as { point: string; chain: { role: string }[] };
      expect(source.chain[0]?.role).toBe("base");
      expect(source.chain.at(-1)?.role).toBe("binlog");
      const plan = structured(
        await h.call("plan_restore", { service_id: SOURCE, target_time: source.point }),
      );
      expect(plan).toMatchObject({ restorable: true, point: source.point });
      // A relative time is pinned by the preview, which asks for the pinned value back.
      const pinned = structured(preview).pinned_target_time as string | undefined;
      expect(pinned).toBe(targetTime === "-3h" ? "2026-12-05 10:38:00" : undefined);
      const done = await h.call("create_restore", {
        ...args,
        ...(pinned !== undefined && { target_time: pinned }),
        confirmation_token: tokenOf(preview),
      });
      expect(structured(done)).toMatchObject({ created: true, status: "Running" });
      expect(restoresOn(h, SCRATCH).at(-1)).toMatchObject({ backupId: SOURCE });
      expect(restorePosts(h)).toHaveLength(1);
    },
  );

  it("an external bucket with credentials and an encryption key: created, secrets never shown", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = {
      target_service_id: SCRATCH,
      external: {
        bucket: "gs://my-exports/nightly/",
        method: "mariabackup",
        file: "orders-2026-11-28.xb",
        credentials: SECRET_GCP,
        encryption_key: SECRET_KEY,
      },
    };
    const preview = await h.call("create_restore", args);
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      created: false,
      target_service_id: SCRATCH,
      target_service_name: "scratch-restore",
      eligible: true,
      source: {
        kind: "external",
        bucket: "gs://my-exports/nightly/",
        method: "mariabackup",
        file: "orders-2026-11-28.xb",
      },
    });
    // Whether a key was given, and whose logins come in, are said in words only.
    const text = textOf(preview);
    expect(text).toContain("encrypted (key given)");
    expect(text).toContain("replaced by those stored in the backup file");
    const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(preview) });
    expect(structured(done)).toMatchObject({ created: true });
    expect(restoresOn(h, SCRATCH).at(-1)).toMatchObject({
      backupId: "orders-2026-11-28.xb",
      bucket: "gs://my-exports/nightly/",
    });
    for (const result of [preview, done]) {
      const all = JSON.stringify(result);
      expect(all).not.toContain(SECRET_KEY);
      expect(all).not.toContain("PRIVATEKEYBODY");
    }
  });
});

const SECRET_KEY = "enc-key-7f3a9b2c4d5e6f708192";
const SECRET_GCP = JSON.stringify({
  type: "service_account",
  client_email: "restorer@proj.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nPRIVATEKEYBODY0123456789\n-----END PRIVATE KEY-----\n",
});
