/**
 * Filters the API lacks (type, since, until) and the all_pages switches,
 * shared by the backup list tools. A client-side filter implies reading
 * every page, since one filtered page would say nothing about the rest.
 */
import { z } from "zod";
import type { Backup } from "../api/schemas.js";
import { parseApiTime } from "../util/time.js";
import { backupType } from "./fields.js";

const time = (what: string) =>
  z
    .string()
    .refine(
      (value) => value.length <= 40 && parseApiTime(value) !== undefined,
      `${what} must be a UTC time such as 2026-11-26T14:05:00Z or 2026-11-26 14:05:00`,
    )
    .optional();

export const wholeListFields = {
  all_pages: z.boolean().optional().describe("Read every page, up to max_items"),
  max_items: z.number().int().min(1).max(5000).optional().describe("Default 200"),
};

export const backupFilterFields = {
  type: backupType.optional().describe("Only this type (reads all pages)"),
  since: time("since").describe("UTC start time lower bound"),
  until: time("until").describe("UTC start time upper bound"),
};

export interface BackupFilterArgs {
  type?: string;
  since?: string;
  until?: string;
}

export const DEFAULT_MAX_ITEMS = 200;

/** The client-side filter, or undefined when none was asked for. */
export function backupFilter(args: BackupFilterArgs): ((backup: Backup) => boolean) | undefined {
  if (args.type === undefined && args.since === undefined && args.until === undefined)
    return undefined;
  const since = args.since === undefined ? undefined : parseApiTime(args.since);
  const until = args.until === undefined ? undefined : parseApiTime(args.until);
  return (backup) => {
    if (args.type !== undefined && backup.type !== args.type) return false;
    if (since === undefined && until === undefined) return true;
    const started = parseApiTime(backup.start_time ?? backup.point_in_time);
    if (started === undefined) return false;
    return (since === undefined || started >= since) && (until === undefined || started < until);
  };
}

export function filterDetails(args: BackupFilterArgs): string[] {
  return [
    ...(args.type ? [`type=${args.type}`] : []),
    ...(args.since ? [`since ${args.since}`] : []),
    ...(args.until ? [`until ${args.until}`] : []),
  ];
}
