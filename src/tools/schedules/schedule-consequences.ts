/**
 * What a service loses when schedules are deleted, suspended or change type:
 * the warnings a preview must carry so the assistant can pass them on before
 * the user agrees. Judged on the service's recurring, non-suspended
 * schedules before and after the change.
 */
import { isBaseType, type Schedule } from "../../api/records.js";
import type { ToolContext } from "../define.js";
import { listAllSchedules } from "../all-schedules.js";
import { lostProtection } from "../../restore/lost-protection.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";

/** How one schedule looks after the change; undefined means deleted. */
export type ScheduleAfter = Pick<Schedule, "type" | "suspended"> | undefined;

const key = (schedule: Schedule) => String(schedule.id ?? "?");
const isActive = (s: Pick<Schedule, "suspended" | "schedule">) =>
  s.suspended !== true && typeof s.schedule === "string" && s.schedule !== "once";
const ids = (list: readonly Schedule[]) =>
  list
    .map(key)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((id) => `#${id}`)
    .join(", ");

/** Warnings for changing `changes` (schedule id -> after) among all of a service's schedules. */
export function lossWarnings(
  serviceId: string,
  all: readonly Schedule[],
  changes: ReadonlyMap<string, ScheduleAfter>,
): string[] {
  const before = all.filter(isActive);
  const after = all.flatMap((schedule): Schedule[] => {
    if (!changes.has(key(schedule))) return [schedule];
    const next = changes.get(key(schedule));
    return next === undefined ? [] : [{ ...schedule, ...next }];
  });
  const activeAfter = after.filter(isActive);
  const ofType = (list: readonly Schedule[], test: (type: string) => boolean) =>
    list.filter((s) => test(s.type ?? ""));
  const typesOf = (list: readonly Schedule[]) => list.map((s) => s.type ?? "");
  const lost = lostProtection(typesOf(before), typesOf(activeAfter));
  const warnings: string[] = [];

  const binlogs = ofType(before, (t) => t === "binarylog");
  if (lost.has("pitr")) {
    warnings.push(
      `point-in-time recovery ends for ${serviceId}: ${ids(binlogs)} ${binlogs.length > 1 ? "are its only active binarylog schedules" : "is its only active binarylog schedule"}, so no new binary logs will be backed up.`,
    );
  }
  const bases = ofType(before, (t) => isBaseType(t));
  const incrementalsAfter = ofType(activeAfter, (t) => t === "incremental");
  // Incrementals build on a physical full (reference_full_backup); a dump or snapshot is no base for them.
  const fulls = ofType(before, (t) => t === "full");
  if (lost.has("full_base")) {
    warnings.push(
      `${ids(fulls)} ${fulls.length > 1 ? "are" : "is"} the only active full schedule${fulls.length > 1 ? "s" : ""} of ${serviceId}: incrementals (${ids(incrementalsAfter)}) build on a full, not on a dump or snapshot, so they are left without a base and restores depend on an ever older full.`,
    );
  }
  if (lost.has("base")) {
    const incrementals = incrementalsAfter;
    warnings.push(
      `${ids(bases)} ${bases.length > 1 ? "are" : "is"} the only active full/snapshot/dump schedule${bases.length > 1 ? "s" : ""} of ${serviceId}: no new base backup will be made` +
        (incrementals.length > 0
          ? `, so incrementals (${ids(incrementals)}) are left without a base and restores depend on an ever older full.`
          : "."),
    );
  }
  return warnings;
}

/**
 * The same, reading the service's schedules (`fresh` ones, just fetched, win
 * over the listing); a failed read becomes a warning, never a crash.
 */
export async function lossWarningsFor(
  serviceId: string | undefined,
  changes: ReadonlyMap<string, ScheduleAfter>,
  ctx: ToolContext,
  fresh: readonly Schedule[] = [],
): Promise<{ warnings: string[]; schedules: Schedule[] }> {
  if (!serviceId) return { warnings: [], schedules: [...fresh] };
  // The service id comes from the API's schedule: it is sent back only if it passes the id rules.
  if (!isSendableId("service", serviceId)) {
    return {
      warnings: [
        `could not read the service's other schedules: ${invalidApiIdText("service", serviceId)}, so it was not sent; losses such as the end of point-in-time recovery were not checked.`,
      ],
      schedules: [...fresh],
    };
  }
  try {
    const listed = await listAllSchedules(serviceId, ctx);
    const freshKeys = new Set(fresh.map(key));
    const schedules = [...listed.filter((s) => !freshKeys.has(key(s))), ...fresh];
    return { warnings: lossWarnings(serviceId, schedules, changes), schedules };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return {
      warnings: [
        `could not read the other schedules of ${serviceId} (${why}), so losses such as the end of point-in-time recovery were not checked.`,
      ],
      schedules: [...fresh],
    };
  }
}
