import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { selectTools } from "../../../src/tools/define.js";
import { callConfirmed, structured, textOf, type Harness } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

const SERVICE = SCENARIOS.healthy;

describe("suspend_service_schedules pauses or resumes a whole service in one confirmed call", () => {
  const schedulesOf = (h: Harness, service = SERVICE) =>
    [...h.emulator.state.schedules.values()].filter((s) => s.service_id === service);
  const patches = (h: Harness) => h.emulator.requests.filter((r) => r.method === "PATCH");
  const token = (r: CallToolResult) =>
    structured<{ confirmation_token: string }>(r).confirmation_token;

  it("previews every schedule that will change and what is lost, then applies one PATCH each", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const ids = schedulesOf(h).map((s) => s.id);
    expect(ids.length).toBe(4);
    const preview = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    const idOf = (type: string) => schedulesOf(h).find((s) => s.type === type)!.id;
    expect(structured(preview)).toMatchObject({
      confirmation_required: true,
      to_change: ids,
      unchanged: [],
      warnings: [
        `point-in-time recovery ends for ${SERVICE}: #${idOf("binarylog")} is its only active binarylog schedule, so no new binary logs will be backed up.`,
        `#${idOf("full")}, #${idOf("dump")} are the only active full/snapshot/dump schedules of ${SERVICE}: no new base backup will be made.`,
      ],
    });
    // This tool's wording test: the preview the user reads, one line per schedule and warning.
    const text = textOf(preview);
    expect(text).toMatch(/^CONFIRMATION NEEDED - nothing has changed yet\. Suspend 4 schedule/);
    for (const id of ids) expect(text).toContain(`- #${id} `);
    expect(text).toContain("Warning: point-in-time recovery ends");
    expect(text).toContain("Warning: #");
    expect(patches(h)).toHaveLength(0);

    const done = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
      confirmation_token: token(preview),
    });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(structured(done)).toMatchObject({ changed: ids });
    expect(schedulesOf(h).every((s) => s.suspended)).toBe(true);
    expect(patches(h)).toHaveLength(4);
    expect(patches(h).map((r) => r.path.split("/").at(-1))).toEqual(ids.map(String));

    const again = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    expect(structured(again)).toEqual({
      service_id: SERVICE,
      suspended: true,
      changed: [],
      unchanged: ids,
    });

    const resumed = await callConfirmed(h.call, "suspend_service_schedules", {
      service_id: SERVICE,
      suspended: false,
    });
    expect(structured(resumed)).toEqual({
      service_id: SERVICE,
      suspended: false,
      changed: ids,
      unchanged: [],
    });
    expect(schedulesOf(h).every((s) => s.suspended === false)).toBe(true);
  });

  it("leaves schedules already in that state, and one-time ones, alone", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const [first, ...rest] = schedulesOf(h);
    first!.suspended = true;
    const once = await h.call("create_backup_schedule", {
      service_id: SERVICE,
      backup_type: "full",
      schedule: "once",
    });
    const onceId = structured<{ id: number }>(once).id;
    const preview = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    expect(structured(preview)).toMatchObject({
      to_change: rest.map((s) => s.id),
      unchanged: [first!.id],
    });
    expect(textOf(preview)).toContain(`One-time schedules left as they are: #${onceId}.`);
  });

  it("is bound to all the service's schedules: a change to any of them voids the token", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const preview = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    const other = schedulesOf(h).at(-1)!;
    other.schedule = "0 5 * * 0";
    other.updated_at = "2026-11-29T18:00:00Z";
    const refused = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
      confirmation_token: token(preview),
    });
    expect(refused.isError).toBeFalsy();
    expect(structured(refused)).toMatchObject({
      service_id: SERVICE,
      token_refused: "state_changed",
      confirmation_required: true,
      to_change: schedulesOf(h).map((s) => s.id),
    });
    expect(token(refused)).not.toBe(token(preview));
    expect(textOf(refused)).toContain("the user must confirm it again");
    expect(patches(h)).toHaveLength(0);
  });

  it.for([
    ["an API refusal", { fault: "status", status: 409 }, "not changed"],
    ["a lost answer", { fault: "reset" }, "outcome unknown"],
  ] as const)(
    "after %s it reports what changed, what failed and what was not tried, retrying nothing",
    async ([, fault, verdict], { freshHarness }) => {
      const h = await freshHarness({ confirm: "never" });
      const ids = schedulesOf(h).map((s) => s.id);
      const failing = `/skybackup/v1/backups/schedules/${ids[1]}`;
      h.emulator.faults.add({ ...fault, match: { method: "PATCH", path: failing } });
      const result = await h.call("suspend_service_schedules", {
        service_id: SERVICE,
        suspended: true,
      });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toContain(`stopped at schedule #${ids[1]}`);
      expect(text).toContain(`Changed: #${ids[0]}.`);
      expect(text).toContain(`#${ids[1]}: ${verdict}`);
      expect(text).toContain(`Not tried: #${ids[2]}, #${ids[3]}.`);
      expect(text).toContain("Nothing was retried");
      expect(patches(h).filter((r) => r.path === failing)).toHaveLength(1);
      expect(patches(h)).toHaveLength(2);
    },
  );

  it("honours --services and --read-only, and refuses an id with no schedules", async ({
    freshHarness,
  }) => {
    let h = await freshHarness({ scope: [SCENARIOS.failing] });
    const before = h.emulator.requests.length;
    const outside = await h.call("suspend_service_schedules", {
      service_id: SERVICE,
      suspended: true,
    });
    expect(textOf(outside)).toContain("outside this server's scope");
    expect(h.emulator.requests.length).toBe(before);

    const readOnly = selectTools(ALL_TOOLS, {
      readOnly: true,
      tools: undefined,
      disabledTools: [],
    });
    expect(readOnly.map((t) => t.name)).not.toContain("suspend_service_schedules");

    h = await freshHarness();
    const unknown = await h.call("suspend_service_schedules", {
      service_id: "dbzzz99999999",
      suspended: true,
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain("no backups or schedules are known for dbzzz99999999");
    expect(patches(h)).toHaveLength(0);
  });
});
