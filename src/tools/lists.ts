/**
 * Filters the API lacks (type, since, until) and the all_pages switches,
 * shared by the backup list tools. A client-side filter implies reading
 * every page, since one filtered page would say nothing about the rest;
 * page and page_size then cut the matches, so page_size means rows returned.
 */
import { z } from "zod";
import type { Backup } from "../api/records.js";
import type { WholeList } from "../paging/fetch-all.js";
import { backupType, type ToolOutput } from "./define.js";
import { utcText, apiTimeText, formatBytes } from "../util/format.js";
import { parseApiTime, isTimeInput, parseTimeInput, TIME_INPUT_HELP } from "../util/time.js";
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

/** Compact, model-friendly text: one line per record, the fields that matter. */
export type SizeField = "backup_size" | "storage_bytes";

/** The size a backup line shows: backup_size, or storage_bytes when backup_size is missing or unreadable. */
export function sizeOf(backup: Backup): { bytes: number; field: SizeField } | undefined {
  for (const field of ["backup_size", "storage_bytes"] as const) {
    const value = backup[field];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0)
      return { bytes: value, field };
  }
  return undefined;
}

/**
 * Said once in a list header; a line names its field only when it differs. A
 * line's time is when the backup started; list_services shows points in time
 * (what a restore reaches), so each says which it shows.
 */
export const SIZE_NOTE = "times: start; sizes: backup_size, GB = 10^9 B";

/** "2026-11-26T02:00:13Z" -> "2026-11-26 02:00 UTC"; anything unparseable is shown as given. */
function formatTime(value: string | undefined): string {
  return apiTimeText(value);
}

export function backupLine(backup: Backup): string {
  const size = sizeOf(backup);
  const sizeText =
    size === undefined
      ? "size ?"
      : `${formatBytes(size.bytes)}${size.field === "backup_size" ? "" : ` (${size.field})`}`;
  return [
    formatTime(backup.start_time ?? backup.point_in_time),
    backup.type ?? "?",
    backup.status ?? "?",
    sizeText,
    backup.service_id ?? "?",
    `id=${backup.id ?? "?"}`,
  ].join(" ");
}

export interface PageInfo {
  noun: string;
  shown: number;
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/** "Backups: showing 10 of 1523 (11-20, page 2/153; newest first). Next: page=3" */
export function pageHeader(info: PageInfo, details: string[] = []): string {
  const first = (info.page - 1) * info.pageSize + 1;
  const range = info.shown === 0 ? "none on this page" : `${first}-${first + info.shown - 1}`;
  const extra = details.length > 0 ? `; ${details.join("; ")}` : "";
  let header = `${info.noun}: showing ${info.shown} of ${info.total} (${range}, page ${info.page}/${Math.max(info.pages, 1)}${extra})`;
  if (info.page < info.pages) header += `. Next: page=${info.page + 1}`;
  else if (info.shown === 0 && info.page > Math.max(info.pages, 1))
    header += `. Page ${info.page} is past the last page (${Math.max(info.pages, 1)})`;
  return header;
}

/** "Backups: showing 200 of 1417 (all pages; newest first). Truncated at max_items=200: ..." */
export function wholeListHeader(
  noun: string,
  whole: WholeList<unknown>,
  maxItems: number,
  details: string[],
): string {
  const extra = details.length > 0 ? `; ${details.join("; ")}` : "";
  let header = `${noun}: showing ${whole.items.length} of ${whole.matched} (all pages${extra})`;
  if (whole.truncated) {
    header += `. Truncated at max_items=${maxItems}: raise max_items (up to 5000) or narrow the filters to see the rest`;
  }
  return header;
}

/** The result of an all_pages backup list: the API's names, plus what was cut. */
export function wholeBackupList(
  noun: string,
  whole: WholeList<Backup>,
  maxItems: number,
  details: string[],
  maxLines: number,
): ToolOutput {
  return {
    structured: {
      backups: whole.items,
      backups_count: whole.matched,
      pages_count: 1,
      returned: whole.items.length,
      truncated: whole.truncated,
    },
    text: [
      wholeListHeader(noun, whole, maxItems, details),
      ...whole.items.slice(0, maxLines).map(backupLine),
    ].join("\n"),
  };
}

/** Enough matches kept to cut page `page` of `pageSize` rows. */
export const rowsToKeep = (page: number, pageSize: number): number => page * pageSize;

/**
 * One page of a client-side filtered list: page_size is the number of rows
 * returned, counted over every match; the text says how to get the rest.
 */
export function filteredBackupPage(
  noun: string,
  whole: WholeList<Backup>,
  paging: { page: number; pageSize: number },
  details: string[],
): ToolOutput {
  const { page, pageSize } = paging;
  const rows = whole.items.slice((page - 1) * pageSize, page * pageSize);
  const pages = Math.ceil(whole.matched / pageSize);
  let header = pageHeader(
    { noun, shown: rows.length, total: whole.matched, page, pageSize, pages },
    details,
  );
  if (page < pages) header += ` (or all_pages: true, max_items up to 5000, for all at once)`;
  return {
    structured: {
      backups: rows,
      backups_count: whole.matched,
      pages_count: pages,
      page,
      page_size: pageSize,
    },
    text: [header, ...rows.map(backupLine)].join("\n"),
  };
}
