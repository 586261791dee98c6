/**
 * Page sources over the Backups API. Oldest first (`order=asc`): backups
 * that arrive while the pages are read are appended after the last page
 * instead of pushing every record one place down, so pages do not shift.
 */
import type { BackupsApi } from "../api/client.js";
import type { Backup, Schedule, Restore } from "../api/records.js";
import type { FetchPage } from "./fetch-all.js";

export function backupPages(
  api: Pick<BackupsApi, "listBackups">,
  filter: { service_id?: string; status?: string } = {},
): FetchPage<Backup> {
  return async (page, pageSize, signal) => {
    const result = await api.listBackups(
      { ...filter, page, page_size: pageSize, order: "asc" },
      { signal },
    );
    return { items: result.backups, total: result.backups_count, pages: result.pages_count };
  };
}

export function schedulePages(
  api: Pick<BackupsApi, "listSchedules">,
  serviceId: string,
): FetchPage<Schedule> {
  return async (page, pageSize, signal) => {
    const result = await api.listSchedules(
      { service_id: serviceId, page, page_size: pageSize, order: "asc" },
      { signal },
    );
    return { items: result.schedules, total: result.schedules_count, pages: result.pages_count };
  };
}

/** The restores INTO one service (the API lists restores by target only). */
export function restorePages(
  api: Pick<BackupsApi, "listRestores">,
  targetId: string,
): FetchPage<Restore> {
  return async (page, pageSize, signal) => {
    const result = await api.listRestores(
      { service_id: targetId, page, page_size: pageSize, order: "asc" },
      { signal },
    );
    return { items: result.restores, total: result.restores_count, pages: result.pages_count };
  };
}

export const restoreKey = (restore: Restore): string | undefined =>
  restore.id === undefined ? undefined : String(restore.id);

export const backupKey = (backup: Backup): string | undefined =>
  typeof backup.id === "string" && backup.id !== "" ? backup.id : undefined;

export const scheduleKey = (schedule: Schedule): string | undefined =>
  schedule.id === undefined ? undefined : String(schedule.id);
