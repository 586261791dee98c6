/**
 * A service created minutes ago for a drill has no backups and no schedules
 * yet, and is the usual restore target. The API's restore lookup lists it as
 * eligible, so it is a known service; an id nobody lists stays unknown.
 */
import { describe, expect } from "vitest";
import { structured, textOf, type Harness } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import {
  newestBackup,
  restorePosts,
  restoresOn,
  SOURCE,
  tokenOf,
} from "./create-restore-helpers.js";

const FRESH = "dbfrs00000001";

/** A service the account has just made: no backup, no schedule, same cloud as SOURCE (gcp). */
function freshService(h: Harness, cloudProvider: "gcp" | "aws" = "gcp"): void {
  h.emulator.state.addService(FRESH, { name: "drill-fresh", cloudProvider });
  expect(h.emulator.state.backups.some((b) => b.service_id === FRESH)).toBe(false);
  expect([...h.emulator.state.schedules.values()].some((s) => s.service_id === FRESH)).toBe(false);
}

/**
 * create_restore into FRESH: the preview names it, finds it eligible and shows
 * `expected`; the same call with its token starts the restore.
 */
async function previewThenStart(
  h: Harness,
  args: Record<string, unknown>,
  expected: Record<string, unknown>,
): Promise<void> {
  const preview = await h.call("create_restore", args);
  expect(preview.isError, textOf(preview)).toBeFalsy();
  expect(structured(preview)).toMatchObject({
    confirmation_required: true,
    created: false,
    target_service_id: FRESH,
    target_service_name: "drill-fresh",
    eligible: true,
    ...expected,
  });
  const done = await h.call("create_restore", { ...args, confirmation_token: tokenOf(preview) });
  expect(structured(done)).toMatchObject({ created: true, target_service_name: "drill-fresh" });
}

describe("a fresh restore target the API's lookup lists", () => {
  it("create_restore of a full backup into it previews, names it, and starts on the token", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    freshService(h);
    const full = newestBackup(h, SOURCE, "full");
    const args = { source_service_id: SOURCE, backup_id: full.id, target_service_id: FRESH };
    await previewThenStart(h, args, {
      source: { kind: "backup", service_id: SOURCE, chain: [{ role: "base", id: full.id }] },
      target_restores: [],
    });
    expect(restoresOn(h, FRESH)).toHaveLength(1);
  });

  it("create_restore of a point in time into it previews and starts on the token", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    freshService(h);
    const args = { source_service_id: SOURCE, target_time: "-3h", target_service_id: FRESH };
    await previewThenStart(h, args, { source: { kind: "pitr", service_id: SOURCE } });
    expect(restorePosts(h)).toHaveLength(1);
  });

  it("plan_restore checks it as an eligible target, by name", async ({ freshHarness }) => {
    const h = await freshHarness();
    freshService(h);
    const plan = await h.call("plan_restore", {
      service_id: SOURCE,
      target_time: "-3h",
      target_service_id: FRESH,
    });
    expect(plan.isError, textOf(plan)).toBeFalsy();
    expect(structured(plan).target).toMatchObject({
      service_id: FRESH,
      service_name: "drill-fresh",
      is_source: false,
      eligible: true,
    });
  });

  it("a service the lookup does not list (another cloud) and with no traces is still refused as unknown", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    freshService(h, "aws");
    for (const source of [
      { backup_id: newestBackup(h, SOURCE, "full").id },
      { target_time: "-3h" },
    ]) {
      const refused = await h.call("create_restore", {
        source_service_id: SOURCE,
        target_service_id: FRESH,
        ...source,
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain(`no backups or schedules are known for ${FRESH}`);
    }
    expect(restorePosts(h)).toHaveLength(0);
  });
});
