/** What the audit keeps of one schedule from the API, read leniently. */
import type { Schedule } from "../api/records.js";
import { parseApiTime } from "../util/time.js";

export interface ScheduleFacts {
  id?: number;
  unusable_id?: string;
  type: string;
  schedule: string;
  suspended: boolean;
  createdMs?: number;
  updatedMs?: number;
}

/** undefined for a record with no id, cron or type (e.g. a bare number read leniently). */
export function scheduleFacts(s: Schedule): ScheduleFacts | undefined {
  if (
    s.id === undefined &&
    s.unusable_id === undefined &&
    s.schedule === undefined &&
    s.type === undefined
  )
    return undefined;
  const created = parseApiTime(s.created_at);
  const updated = parseApiTime(s.updated_at);
  return {
    ...(s.id !== undefined && { id: s.id }),
    ...(s.unusable_id !== undefined && { unusable_id: s.unusable_id }),
    // Lower-cased like backup types, so "FULL" schedules match "full" backups.
    type: typeof s.type === "string" && s.type !== "" ? s.type.trim().toLowerCase() : "unknown",
    schedule: typeof s.schedule === "string" ? s.schedule : "",
    suspended: s.suspended === true,
    ...(created !== undefined && { createdMs: created }),
    ...(updated !== undefined && { updatedMs: updated }),
  };
}
