/** Every tool, in the order tools/list shows them. */
import { auditBackups } from "./backups/audit-backups.js";
import { listBackups, listServiceBackups } from "./backups/list-backups.js";
import { listServices } from "./backups/list-services.js";
import type { ToolDefinition } from "./define.js";
import { cancelRestore } from "./restores/cancel-restore.js";
import { createRestore } from "./restores/create-restore.js";
import { getRestore } from "./restores/get-restore.js";
import { listRestores } from "./restores/list-restores.js";
import { planRestoreTool } from "./restores/plan-restore.js";
import { createBackupSchedule } from "./schedules/create-backup-schedule.js";
import { deleteBackupSchedule } from "./schedules/delete-backup-schedule.js";
import { getBackupSchedule } from "./schedules/get-backup-schedule.js";
import { listBackupSchedules } from "./schedules/list-backup-schedules.js";
import { suspendServiceSchedules } from "./schedules/suspend-service-schedules.js";
import { updateBackupSchedule } from "./schedules/update-backup-schedule.js";

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
  listRestores,
  getRestore,
  createRestore,
  cancelRestore,
];
