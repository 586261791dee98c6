import { describe, expect } from "vitest";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { selectTools } from "../../../src/tools/define.js";
import { callConfirmed, structured, textOf } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import {
  addFinishedRestore,
  AWS_SERVICE,
  AZURE_SERVICE,
  newestBackup,
  restorePosts,
  restoresOn,
  SCRATCH,
  SOURCE,
  tokenOf,
  atBinlogHour,
} from "./create-restore-helpers.js";

const NOTHING = "Nothing was restored.";
const EXTERNAL = { bucket: "s3://exports/x/", method: "mysqldump", file: "dump.sql.gz" };

describe("create_restore refuses what must not run, before any request that writes", () => {
  it.for([
    ["no source", { target_service_id: SCRATCH }, "give exactly one source (none was given)"],
    [
      "two sources",
      {
        target_service_id: SCRATCH,
        source_service_id: SOURCE,
        backup_id: "b1",
        target_time: "latest",
      },
      "give exactly one source (got backup_id and target_time)",
    ],
    [
      "backup_id without its service",
      { target_service_id: SCRATCH, backup_id: "b1" },
      "backup_id needs source_service_id",
    ],
    [
      "target_time without a service",
      { target_service_id: SCRATCH, target_time: "latest" },
      "target_time needs source_service_id",
    ],
    [
      "external with a source service",
      { target_service_id: SCRATCH, source_service_id: SOURCE, external: EXTERNAL },
      "drop source_service_id",
    ],
    [
      "self without overwrite_source",
      { target_service_id: SOURCE, source_service_id: SOURCE, target_time: "latest" },
      `target_service_id is the source itself (${SOURCE})`,
    ],
    [
      "overwrite_source onto another service",
      {
        target_service_id: SCRATCH,
        source_service_id: SOURCE,
        target_time: "latest",
        overwrite_source: true,
      },
      "overwrite_source is only for restoring a service onto itself",
    ],
  ] as const)(
    "%s: an actionable error and not one request",
    async ([, args, message], { freshHarness }) => {
      const h = await freshHarness();
      const result = await h.call("create_restore", args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(message);
      expect(textOf(result)).toContain(NOTHING);
      expect(h.emulator.requests).toHaveLength(0);
    },
  );

  it("a malformed time or bucket is refused by the schema, with no request", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    for (const args of [
      { target_service_id: SCRATCH, source_service_id: SOURCE, target_time: "yesterday-ish" },
      { target_service_id: SCRATCH, external: { ...EXTERNAL, bucket: "ftp://x/" } },
    ]) {
      const result = await h.call("create_restore", args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/target_time must be "latest" or|bucket must be gs:\/\//);
    }
    expect(h.emulator.requests).toHaveLength(0);
  });

  it("onto itself with overwrite_source: the preview says so first, and the restore runs once confirmed", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = {
      target_service_id: SOURCE,
      source_service_id: SOURCE,
      target_time: "-30h",
      overwrite_source: true,
    };
    const preview = await h.call("create_restore", args);
    // Said first, before anything else in the preview: the text's own warning.
    expect(textOf(preview)).toMatch(
      new RegExp(
        `^CONFIRMATION NEEDED - nothing has changed yet\\. This restores "orders-prod" \\(${SOURCE}\\) ONTO ITSELF`,
      ),
    );
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      created: false,
      onto_itself: true,
      target_service_id: SOURCE,
      source: { kind: "pitr", service_id: SOURCE },
    });
    // "-30h" is pinned by the preview; the confirmation sends the pinned point back.
    const pinned = structured(preview).pinned_target_time;
    expect(pinned).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const done = await h.call("create_restore", {
      ...args,
      target_time: pinned,
      confirmation_token: tokenOf(preview),
    });
    expect(structured(done)).toMatchObject({ created: true });
    expect(restoresOn(h, SOURCE)).toHaveLength(1);
  });

  it("a target with a running restore is refused, naming it, with no POST", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = { target_service_id: SCRATCH, source_service_id: SOURCE, target_time: "latest" };
    await callConfirmed(h.call, "create_restore", args);
    expect(restorePosts(h)).toHaveLength(1);
    const running = restoresOn(h, SCRATCH).at(-1)!;
    const again = await h.call("create_restore", args);
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain(`${SCRATCH} already has restore ${running.id} Running`);
    expect(textOf(again)).toContain("cancel_restore");
    expect(restorePosts(h)).toHaveLength(1);
  });

  it("an ineligible target is refused with the reason: another cloud, or Azure for a bucket", async ({
    freshHarness,
  }) => {
    const h = await freshHarness(atBinlogHour);
    const aws = newestBackup(h, AWS_SERVICE, "full");
    const cases = [
      [
        { backup_id: aws.id, source_service_id: AWS_SERVICE, target_service_id: SCRATCH },
        `${SCRATCH} cannot take this restore: the API does not list it among`,
      ],
      [
        { source_service_id: SOURCE, target_time: "latest", target_service_id: AWS_SERVICE },
        `${AWS_SERVICE} cannot take this restore: the source runs on gcp and the target on aws`,
      ],
      [
        { source_service_id: AWS_SERVICE, target_time: "latest", target_service_id: SCRATCH },
        // Its latest point is a base no binlog replays past: restored by backup id, so the
        // API's lookup for that backup decides, and lists no gcp service for an aws backup.
        `${SCRATCH} cannot take this restore: the API does not list it among`,
      ],
    ] as const;
    for (const [args, reason] of cases) {
      const result = await h.call("create_restore", args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(reason);
    }
    const azure = await h.call("create_restore", {
      target_service_id: AZURE_SERVICE,
      external: EXTERNAL,
    });
    expect(textOf(azure)).toContain("Azure, which restores only its own snapshots");
    expect(restorePosts(h)).toHaveLength(0);
  });

  it("a point outside the coverage, an unknown backup or a lone binlog: refused with what is reachable", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const binlog = newestBackup(h, SOURCE, "binarylog");
    const cases = [
      [{ target_time: tenDaysAgo }, "cannot be restored to"],
      [
        { target_time: "-1h", source_service_id: "dbzzz00000000" },
        "no backups or schedules are known",
      ],
      [
        { target_time: "-1h", target_service_id: "dbyyy00000000" },
        "no backups or schedules are known for dbyyy00000000",
      ],
      [{ backup_id: "nope123" }, `backup nope123 is not among ${SOURCE}'s backups`],
      [{ backup_id: binlog.id }, "cannot be restored on its own"],
    ] as const;
    for (const [source, message] of cases) {
      const result = await h.call("create_restore", {
        source_service_id: SOURCE,
        target_service_id: SCRATCH,
        ...source,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(message);
      expect(textOf(result)).toContain(NOTHING);
    }
    expect(restorePosts(h)).toHaveLength(0);
  });

  it("--confirm never still previews; only the token runs it", async ({ freshHarness }) => {
    const h = await freshHarness({ confirm: "never" });
    const args = { target_service_id: SCRATCH, source_service_id: SOURCE, target_time: "latest" };
    const preview = await h.call("create_restore", args);
    expect(structured(preview)).toMatchObject({ confirmation_required: true, created: false });
    expect(restorePosts(h)).toHaveLength(0);
    expect(h.client.getInstructions()).toContain(
      "create_restore (always previews; plan_restore first)",
    );
    const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(preview) });
    expect(structured(done)).toMatchObject({ created: true });
    // The schedule tools still run at once: only this tool ignores the mode.
    const id = [...h.emulator.state.schedules.values()].find((s) => s.service_id === SOURCE)!.id;
    expect(structured(await h.call("delete_backup_schedule", { id }))).toMatchObject({
      deleted: true,
    });
  });

  it("the token is bound to the target's restores: one finished since the preview gives a fresh preview", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = { target_service_id: SCRATCH, source_service_id: SOURCE, target_time: "latest" };
    const first = await h.call("create_restore", args);
    addFinishedRestore(h, SCRATCH);
    const refused = await h.call("create_restore", { ...args, confirmation_token: tokenOf(first) });
    expect(refused.isError).toBeFalsy();
    expect(structured(refused)).toMatchObject({
      token_refused: "state_changed",
      confirmation_required: true,
      created: false,
    });
    expect(restorePosts(h)).toHaveLength(0);
    const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(refused) });
    expect(structured(done)).toMatchObject({ created: true });
  });

  it("a restore started on the target between preview and confirm: refused, no second POST", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const args = { target_service_id: SCRATCH, source_service_id: SOURCE, target_time: "latest" };
    const first = await h.call("create_restore", args);
    const full = newestBackup(h, SOURCE, "full");
    await callConfirmed(h.call, "create_restore", {
      target_service_id: SCRATCH,
      source_service_id: SOURCE,
      backup_id: full.id,
    });
    const refused = await h.call("create_restore", { ...args, confirmation_token: tokenOf(first) });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("already has restore");
    expect(restorePosts(h)).toHaveLength(1);
  });

  it("--services applies to the source and to the target", async ({ freshHarness }) => {
    const h = await freshHarness({ scope: [SOURCE] });
    const intoScratch = await h.call("create_restore", {
      target_service_id: SCRATCH,
      source_service_id: SOURCE,
      target_time: "latest",
    });
    expect(textOf(intoScratch)).toContain(
      `target service ${SCRATCH} is outside this server's scope`,
    );
    const fromScratch = await h.call("create_restore", {
      target_service_id: SOURCE,
      source_service_id: SCRATCH,
      target_time: "latest",
    });
    expect(textOf(fromScratch)).toContain(
      `source service ${SCRATCH} is outside this server's scope`,
    );
    expect(h.emulator.requests).toHaveLength(0);
  });

  it("--read-only does not list it, and a call to it reaches nothing", async ({ freshHarness }) => {
    const tools = selectTools(ALL_TOOLS, { readOnly: true, tools: undefined, disabledTools: [] });
    const h = await freshHarness({ tools });
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    expect(listed).toContain("plan_restore");
    expect(listed).not.toContain("create_restore");
    const result = await h.call("create_restore", {
      target_service_id: SCRATCH,
      external: EXTERNAL,
    });
    expect(textOf(result)).toContain("Tool create_restore not found");
    expect(h.emulator.requests).toHaveLength(0);
  });

  it("its annotations say it destroys data and is not safe to repeat", async ({ freshHarness }) => {
    const h = await freshHarness();
    const tool = (await h.client.listTools()).tools.find((t) => t.name === "create_restore");
    expect(tool?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
  });
});
