/**
 * What a restore loses when schedules stop: the one rule behind the
 * audit's suspended-schedule findings and the warnings a pause, delete or
 * type change previews. Inputs are the types of the active recurring
 * schedules before and after; callers word the result for their reader.
 */
import { isBaseType } from "../api/records.js";

export type LostProtection =
  /** No binarylog schedule stays active: point-in-time recovery ends. */
  | "pitr"
  /** No full, snapshot or dump schedule stays active: no new base backup. */
  | "base"
  /** Incrementals stay but only dumps or snapshots remain: incrementals build on a full. */
  | "full_base";

export function lostProtection(
  before: readonly string[],
  after: readonly string[],
): Set<LostProtection> {
  const had = (types: readonly string[], match: (type: string) => boolean) => types.some(match);
  const binlog = (type: string) => type === "binarylog";
  const full = (type: string) => type === "full";
  const lost = new Set<LostProtection>();
  if (had(before, binlog) && !had(after, binlog)) lost.add("pitr");
  if (had(before, isBaseType) && !had(after, isBaseType)) lost.add("base");
  else if (
    had(before, full) &&
    !had(after, full) &&
    had(after, (type) => type === "incremental") &&
    had(after, isBaseType)
  )
    lost.add("full_base");
  return lost;
}
