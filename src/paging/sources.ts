/**
 * Page sources over the Backups API. Oldest first (`order=asc`): backups
 * that arrive while the pages are read are appended after the last page
 * instead of pushing every record one place down, so pages do not shift.
 */
import type { BackupsApi } from "../api/client.js";
import type { Backup, Schedule } from "../api/schemas.js";
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

export const backupKey = (backup: Backup): string | undefined =>
  typeof backup.id === "string" && backup.id !== "" ? backup.id : undefined;

export const scheduleKey = (schedule: Schedule): string | undefined =>
  schedule.id === undefined ? undefined : String(schedule.id);
