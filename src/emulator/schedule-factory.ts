import { rfc3339 } from "./format.js";
import type { BackupSchedule, ServiceInfo } from "./types.js";
import type { BackupType } from "../api/records.js";

export interface ScheduleDraft {
  svc: ServiceInfo;
  schedule: string;
  type: BackupType;
  createdMs: number;
  updatedMs?: number;
  suspended?: boolean;
  external?: boolean;
}

/** Prints a schedule the way POST returns it; credentials are never stored, let alone echoed. */
export function buildSchedule(id: number, d: ScheduleDraft): BackupSchedule {
  const schedule: BackupSchedule = {
    id,
    service_id: d.svc.id,
    service_name: d.svc.name,
    cloud_provider: d.svc.cloudProvider,
    schedule: d.schedule,
    type: d.type,
    status: "Scheduled",
    message: "Backup is scheduled.",
    suspended: d.suspended ?? false,
    created_at: rfc3339(d.createdMs),
    updated_at: rfc3339(d.updatedMs ?? d.createdMs),
    labels: {},
  };
  if (d.external === true) schedule.is_external_storage = true;
  return schedule;
}
