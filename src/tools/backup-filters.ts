/**
 * Filters the API lacks (type, since, until) and the all_pages switches,
 * shared by the backup list tools. A client-side filter implies reading
 * every page, since one filtered page would say nothing about the rest;
 * page and page_size then cut the matches, so page_size means rows returned.
 */
import { z } from "zod";
import type { Backup } from "../api/records.js";
import { parseApiTime, isTimeInput, parseTimeInput, TIME_INPUT_HELP } from "../util/time.js";
import { utcText } from "../util/format.js";
import { backupType } from "./fields.js";
import { ToolError } from "../util/tool-error.js";

const time = (what: string) =>
  z
    .string()
    .refine((value) => isTimeInput(value), `${what} must be ${TIME_INPUT_HELP}`)
    .optional();

export const wholeListFields = {
  all_pages: z.boolean().optional().describe("Read every page, up to max_items"),
  max_items: z.number().int().min(1).max(5000).optional().describe("Default 200"),
};

export const backupFilterFields = {
  type: backupType.optional().describe("Only this type (reads all pages)"),
  since: time("since").describe("Started at or after: RFC 3339, 2026-11-29 17:56 (UTC), or -2h"),
  until: time("until").describe("Started before; same forms"),
};

export interface BackupFilterArgs {
  type?: string;
  since?: string;
  until?: string;
}

export const DEFAULT_MAX_ITEMS = 200;

/** A client-side filter with its bounds resolved against the call's clock. */
export interface BackupFilter {
  matches: (backup: Backup) => boolean;
  /** For the text header: "type=full", "since 2026-11-29 16:00 UTC". */
  details: string[];
}

/**
 * The filter, or undefined when none was asked for. An inverted range is the
 * caller's mistake, not an empty answer: it is refused before any request.
 */
export function backupFilter(args: BackupFilterArgs, nowMs: number): BackupFilter | undefined {
  if (args.type === undefined && args.since === undefined && args.until === undefined)
    return undefined;
  const since = bound("since", args.since, nowMs);
  const until = bound("until", args.until, nowMs);
  if (since !== undefined && since > nowMs) {
    throw new ToolError(
      `since (${boundText(since)}) is in the future (now ${boundText(nowMs)}): no backup can have started after it; nothing was read. Use a past time or a relative one such as -2h.`,
    );
  }
  if (since !== undefined && until !== undefined && since >= until) {
    throw new ToolError(
      `since (${boundText(since)}) must be earlier than until (${boundText(until)}); nothing was read. Swap them or widen the range.`,
    );
  }
  const details = [
    ...(args.type ? [`type=${args.type}`] : []),
    ...(since !== undefined ? [`since ${boundText(since)}`] : []),
    ...(until !== undefined ? [`until ${boundText(until)}`] : []),
  ];
  const matches = (backup: Backup): boolean => {
    if (args.type !== undefined && backup.type !== args.type) return false;
    if (since === undefined && until === undefined) return true;
    const started = parseApiTime(backup.start_time ?? backup.point_in_time);
    if (started === undefined) return false;
    return (since === undefined || started >= since) && (until === undefined || started < until);
  };
  return { matches, details };
}

function bound(what: string, value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTimeInput(value, nowMs);
  if (ms === undefined) throw new ToolError(`${what} must be ${TIME_INPUT_HELP}`);
  return ms;
}

// Seconds only when the bound has them: "-2h" resolves to the call's second.
const boundText = (ms: number): string => utcText(ms, ms % 60_000 === 0 ? "minute" : "second");
