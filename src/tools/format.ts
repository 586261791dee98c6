/** Compact, model-friendly text: one line per record, the fields that matter. */
import type { Backup } from "../api/schemas.js";

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return "size ?";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "2026-11-26T02:00:13Z" -> "2026-11-26 02:00Z"; anything unparseable is shown as given. */
export function formatTime(value: string | undefined): string {
  if (!value) return "-";
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]}Z` : value;
}

export function backupLine(backup: Backup): string {
  const size = backup.backup_size ?? backup.storage_bytes;
  return [
    formatTime(backup.start_time ?? backup.point_in_time),
    backup.type ?? "?",
    backup.status ?? "?",
    formatBytes(typeof size === "number" ? size : undefined),
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
  return header;
}
