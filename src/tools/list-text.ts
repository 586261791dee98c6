/** Compact, model-friendly text: one line per record, the fields that matter. */
import type { Backup } from "../api/records.js";
import { apiTimeText, formatBytes } from "../util/format.js";

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
