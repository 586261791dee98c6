/**
 * Two schedules of one service firing in the same minute compete for the
 * same server; say so when a schedule is created or changed.
 */
import type { Schedule } from "../api/schemas.js";
import { findOverlaps } from "../cron/overlap.js";
import { apiTimeText } from "../util/time.js";

export function overlapWarnings(cron: string, others: readonly Schedule[], now: Date): string[] {
  return findOverlaps(cron, others, now).map(
    (overlap) =>
      `schedule #${String(overlap.id ?? "?")} (${overlap.type ?? "?"} "${overlap.schedule}") also fires at ${apiTimeText(overlap.first_overlap)}; consider a different minute.`,
  );
}
