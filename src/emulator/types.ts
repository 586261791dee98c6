import type { BackupType } from "../api/records.js";

export type BackupStatus = "Succeeded" | "Failed" | "Running";
export type CloudProvider = "gcp" | "aws" | "azure";

/** A backup exactly as the API returns it (field order follows the vendor's example). */
export interface Backup {
  id: string;
  service_id: string;
  service_name: string;
  type: BackupType;
  method: string;
  server_pod: string;
  backup_size: number;
  storage_bytes: number;
  disk_size: string;
  disk_size_bytes: number;
  reference_full_backup: string;
  point_in_time: string;
  start_time: string;
  end_time: string;
  status: BackupStatus;
  cloud_provider: CloudProvider;
  is_external_storage: boolean;
  binlog_file?: string;
  binlog_position?: string;
  binlog_gtid_position?: string;
}

/** A backup schedule exactly as the API returns it. */
export interface BackupSchedule {
  id: number;
  service_id: string;
  service_name: string;
  cloud_provider: CloudProvider;
  schedule: string;
  type: BackupType;
  status: string;
  message: string;
  suspended: boolean;
  created_at: string;
  updated_at: string;
  labels: Record<string, string>;
  is_external_storage?: boolean;
}

/** What the emulator knows about a database service; the API never returns this object. */
export interface ServiceInfo {
  id: string;
  name: string;
  cloudProvider: CloudProvider;
  serverPod: string;
  /** Data size at generation time; older backups are proportionally smaller. */
  dataBytes: number;
  growthPerDay: number;
  /** Method used for full and incremental backups. */
  method: "skybucket" | "mariabackup";
  /** Disk a restore into this service can fill; default: what its own data needs (restoreDiskBytes). */
  diskBytes?: number;
}
