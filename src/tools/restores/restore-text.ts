/**
 * How a restore reads in text: one compact line per restore, its source in
 * words, and durations. The API's records are not trusted: every field may be
 * missing, so each shows "?" (or says what cannot be known) instead of failing.
 */
import { outcomeOf, isFinishedRestore, type Restore } from "../../api/records.js";
import { apiTimeText } from "../../util/format.js";
import { parseApiTime } from "../../util/time.js";
import { restoreSourceOf } from "../../restore/backup-id.js";
import { quoted, shown } from "../../util/untrusted-text.js";

export const isFinished = (restore: Restore): boolean => isFinishedRestore(restore);

export const isRunning = (restore: Restore): boolean => outcomeOf(restore.status) === "running";

/**
 * What the restore reads from. `backup_id` holds a backup key
 * (<hex>:<service>:<pod>) for a managed restore, the source service id for a
 * point-in-time one, and the file for an external bucket (NOTES-restore-api.md).
 */
export function sourceText(restore: Restore): string {
  const id = restore.backup_id;
  if (id === undefined || id === "") return "source ?";
  const source = restoreSourceOf(id);
  if (source.kind === "backup") return `backup ${id}`;
  if (source.kind === "point-in-time") return `point in time of ${id}`;
  return restore.bucket ? `file ${id} in ${restore.bucket}` : `file ${id}`;
}

/** "dbgsr10358824 (scratch-restore)", or the id alone when the API sent no name. */
export function targetText(restore: Restore): string {
  const id = restore.service_id ?? "?";
  return restore.service_name ? `${shown(id)} (${quoted(restore.service_name)})` : shown(id);
}

/** "42 min", "3.5h", "2.1 days": minutes are what a restore is measured in. */
export function durationText(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "<1 min";
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)}h` : `${(hours / 24).toFixed(1)} days`;
}

/** updated_at - created_at of a finished restore, or undefined when either is missing or unreadable. */
export function finishedDurationMs(restore: Restore): number | undefined {
  const created = parseApiTime(restore.created_at);
  const updated = parseApiTime(restore.updated_at);
  if (created === undefined || updated === undefined || updated < created) return undefined;
  return updated - created;
}

/** "#4 Succeeded created 2026-11-26 14:05 UTC into dbgsr… (scratch-restore) from backup …; physical; "Restore has succeeded!"" */
export function restoreLine(restore: Restore): string {
  const message = restore.message ? ` ${quoted(restore.message.slice(0, 160))}` : "";
  return [
    `#${shown(String(restore.id ?? "?"))}`,
    restore.status === undefined ? "status ?" : shown(restore.status),
    `created ${apiTimeText(restore.created_at)}`,
    `into ${targetText(restore)}`,
    `from ${sourceText(restore)};`,
    `${restore.type === undefined ? "type ?" : shown(restore.type)}${message}`,
  ].join(" ");
}
