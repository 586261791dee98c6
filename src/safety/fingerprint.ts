/**
 * The state a confirmation token is bound to: what a schedule does and when
 * it last changed. Status and message are left out: they move when a backup
 * runs, which is not a change anyone has to confirm again.
 */
import type { Schedule } from "../api/records.js";

const FIELDS = [
  "id",
  "service_id",
  "type",
  "schedule",
  "suspended",
  "created_at",
  "updated_at",
  "is_external_storage",
  "labels",
] as const;

export function scheduleFingerprint(schedule: Schedule): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((field) => [field, schedule[field]]));
}

/** Every schedule of a service, in id order, so the listing order does not matter. */
export function schedulesFingerprint(schedules: readonly Schedule[]): Record<string, unknown>[] {
  return schedules
    .map(scheduleFingerprint)
    .sort((a, b) => String(a.id).localeCompare(String(b.id), "en", { numeric: true }));
}
