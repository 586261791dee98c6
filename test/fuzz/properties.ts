/**
 * The two properties, as fast-check properties over a rig: one for any tool's
 * input, one for create_backup_schedule with valid crons. The suite runs them
 * on the real tools; mutants.test.ts runs them on broken ones.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { structured, textOf } from "../helpers/harness.js";
import { argsArb, judge } from "./tool-args.js";
import { checkOutcome, checkRequests } from "./call-checks.js";
import { validCron } from "./cron-oracle.js";
import { specFor } from "./tool-spec.js";
import { BACKUP_TYPES } from "./field-kinds.js";
import { listItemsOverlap } from "./cron-oracle.js";
import { toolTable } from "./tool-table.js";
import type { Rig } from "./fuzz-rig.js";

export interface Tally {
  cases: number;
}

export const newTally = (): Tally => ({ cases: 0 });

/** Properties 1-4 for one tool, as listed by tools/list. */
export function toolProperty(rig: Rig, name: string, tally: Tally) {
  const schema = rig.schemas.get(name);
  expect(schema, `${name} is listed by tools/list`).toBeDefined();
  const spec = specFor(name, schema ?? {}, toolTable(rig.world), rig.world);
  return fc.asyncProperty(argsArb(spec), async (args) => {
    tally.cases += 1;
    const call = await rig.call(spec, args);
    checkOutcome(call, judge(spec, args));
    checkRequests(call);
  });
}

/** A valid cron reaches the API exactly as given, and the emulator keeps it (whitespace collapsed). */
export function cronProperty(rig: Rig, tally: Tally) {
  const { state } = rig.h.emulator;
  const gap = fc.oneof({ weight: 3, arbitrary: fc.constant(" ") }, fc.constantFrom("  ", "\t"));
  const cron = fc
    .tuple(
      validCron.filter((c) => !listItemsOverlap(c)),
      gap,
    )
    .map(([c, g]) => c.replaceAll(" ", g));
  const input = fc.record({
    service_id: fc.constantFrom(...rig.world.services),
    backup_type: fc.constantFrom(...BACKUP_TYPES),
    schedule: cron,
  });
  return fc.asyncProperty(input, async (args) => {
    tally.cases += 1;
    // Azure services take only snapshots: any other type is a 400 by design.
    const azure = state.service(args.service_id)?.cloudProvider === "azure";
    const backupType = azure ? "snapshot" : args.backup_type;
    const wireBefore = rig.recorder.requests.length;
    const result = await rig.h.call("create_backup_schedule", {
      ...args,
      backup_type: backupType,
      allow_duplicate: true,
      allow_frequent: true,
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const posts = rig.recorder.requests.slice(wireBefore).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]?.body ?? "{}")).toMatchObject({ schedule: args.schedule });
    const created = structured<{ id: number; schedule: string }>(result);
    const kept = state.schedules.get(created.id);
    expect(kept).toMatchObject({
      service_id: args.service_id,
      type: backupType,
      schedule: args.schedule
        .trim()
        .split(/[ \t]+/)
        .join(" "),
    });
    expect(created.schedule).toBe(kept?.schedule);
  });
}
