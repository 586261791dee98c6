/**
 * Why a target cannot be reached. The chain fails because binary-log
 * coverage is missing somewhere between the newest usable start and the
 * target; the answer names the uncovered stretch nearest the target, whole
 * (e.g. the full 10:00–16:00 gap, not just its part after the start), since
 * that is what a person can look up and act on.
 */
import type { RestorePoints } from "./points.js";
import { isoSeconds, utcSeconds, utcWindow } from "../util/format.js";

type ReasonKind = "no_base" | "no_binlogs" | "binlog_gap" | "binlogs_start" | "binlogs_end";

export interface RestoreReason {
  kind: ReasonKind;
  /** A short phrase: "binary-log gap 2026-11-24 10:00–16:00 UTC". */
  message: string;
  /** The uncovered window, when there is one; `to` is absent when coverage never resumes. */
  from?: string;
  to?: string;
}

/** `span` runs from the newest start at or before the target to the target; undefined when there is none. */
export function whyUnreachable(
  points: RestorePoints,
  span: { from: number; to: number } | undefined,
): RestoreReason {
  if (span === undefined) {
    return {
      kind: "no_base",
      message: "no successful full, snapshot or dump backup at or before the target",
    };
  }
  const { segments } = points;
  const first = segments[0];
  const last = segments.at(-1);
  if (first === undefined || last === undefined) {
    return {
      kind: "no_binlogs",
      message:
        "the service has no binary-log backups, so only the backups' own points are restorable",
    };
  }
  if (span.to > last.end) {
    return {
      kind: "binlogs_end",
      message: `binary logs are backed up only to ${utcSeconds(last.end)}`,
      from: isoSeconds(last.end),
    };
  }
  // The last hole between segments that overlaps (from, to].
  for (let i = segments.length - 1; i >= 1; i -= 1) {
    const gapFrom = segments[i - 1]?.end ?? 0;
    const gapTo = segments[i]?.start ?? 0;
    if (gapFrom < span.to && gapTo > span.from) {
      return {
        kind: "binlog_gap",
        message: `binary-log gap ${utcWindow(gapFrom, gapTo)}`,
        from: isoSeconds(gapFrom),
        to: isoSeconds(gapTo),
      };
    }
  }
  return {
    kind: "binlogs_start",
    message: `no binary-log backups cover ${utcWindow(span.from, first.start)}; they begin at ${utcSeconds(first.start)}`,
    from: isoSeconds(span.from),
    to: isoSeconds(first.start),
  };
}
