/**
 * Two schedules of one service making the same type of backup in the same
 * minute compete for the same server; say so when a schedule is created or
 * changed. Different types coinciding (a nightly full beside an hourly
 * binlog) is the normal pairing, not worth a warning.
 */
import { shownId, type Schedule } from "../../api/records.js";
import { findOverlaps } from "../../cron/fires.js";
import { apiTimeText } from "../../util/format.js";

export function overlapWarnings(
  cron: string,
  type: string | undefined,
  others: readonly Schedule[],
  now: Date,
): string[] {
  const sameType = others.filter((other) => type !== undefined && other.type === type);
  return findOverlaps(cron, sameType, now).map(
    (overlap) =>
      `schedule #${shownId(overlap)} (${overlap.type ?? "?"} "${overlap.schedule}") also fires at ${apiTimeText(overlap.first_overlap)}; consider a different minute.`,
  );
}
