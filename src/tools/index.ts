import type { ToolDefinition } from "./define.js";
import { listServices } from "./list-services.js";
import { listBackups } from "./list-backups.js";
import { listServiceBackups } from "./list-service-backups.js";
import { listBackupSchedules } from "./list-backup-schedules.js";
import { getBackupSchedule } from "./get-backup-schedule.js";
import { createBackupSchedule } from "./create-backup-schedule.js";
import { updateBackupSchedule } from "./update-backup-schedule.js";
import { deleteBackupSchedule } from "./delete-backup-schedule.js";
import { suspendServiceSchedules } from "./suspend-service-schedules.js";
import { auditBackups } from "./audit-backups.js";
import { planRestoreTool } from "./plan-restore.js";

/** Every tool, in the order tools/list shows them. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  listServices,
  listBackups,
  listServiceBackups,
  listBackupSchedules,
  getBackupSchedule,
  createBackupSchedule,
  updateBackupSchedule,
  deleteBackupSchedule,
  suspendServiceSchedules,
  auditBackups,
  planRestoreTool,
];
