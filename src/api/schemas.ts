/**
 * What the API returns, read leniently (see lenient.ts), as plain types the
 * tools can rely on. Field tables follow the OpenAPI document plus the fields
 * REAL-API-NOTES.md says the real API sends (backup_size).
 */
import { isRecord, readCount, readRecord, type FieldTable, type JsonRecord } from "./lenient.js";

/** The five backup types the API accepts, in the order its documentation lists them. */
export const BACKUP_TYPES = ["full", "incremental", "binarylog", "dump", "snapshot"] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];

/** Types a restore can start from: physical fulls, volume snapshots and logical dumps. */
const BASE_TYPES: ReadonlySet<string> = new Set<BackupType>(["full", "snapshot", "dump"]);
export const isBaseType = (type: string): boolean => BASE_TYPES.has(type);

const BACKUP_FIELDS: FieldTable = {
  id: "key",
  service_id: "key",
  service_name: "string",
  type: "word",
  method: "word",
  status: "word",
  server_pod: "string",
  point_in_time: "string",
  start_time: "string",
  end_time: "string",
  reference_full_backup: "key",
  binlog_file: "string",
  binlog_position: "string",
  binlog_gtid_position: "string",
  cloud_provider: "word",
  disk_size: "string",
  backup_size: "number",
  storage_bytes: "number",
  disk_size_bytes: "number",
  is_external_storage: "boolean",
};

const SCHEDULE_FIELDS: FieldTable = {
  id: "id",
  service_id: "key",
  service_name: "string",
  schedule: "string",
  type: "word",
  status: "word",
  message: "string",
  cloud_provider: "word",
  scheduled_at: "string",
  created_at: "string",
  updated_at: "string",
  suspended: "boolean",
  labels: "record",
};

/** A backup as the API sent it; every field may be missing. */
export interface Backup extends JsonRecord {
  id?: string;
  service_id?: string;
  service_name?: string;
  type?: string;
  method?: string;
  status?: string;
  point_in_time?: string;
  start_time?: string;
  end_time?: string;
  reference_full_backup?: string;
  backup_size?: number;
  storage_bytes?: number;
}

export interface Schedule extends JsonRecord {
  id?: number;
  /** An id the API wrote as no whole number (api/lenient.ts): shown, never sent. */
  unusable_id?: string;
  service_id?: string;
  schedule?: string;
  type?: string;
  status?: string;
  message?: string;
  suspended?: boolean;
}

export interface BackupPage {
  backups: Backup[];
  backups_count: number;
  pages_count: number;
}

export interface SchedulePage {
  schedules: Schedule[];
  schedules_count: number;
  pages_count: number;
}

export const readBackup = (raw: unknown): Backup => readRecord(BACKUP_FIELDS, raw);
export const readSchedule = (raw: unknown): Schedule => readRecord(SCHEDULE_FIELDS, raw);

function readList(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [];
}

export function readBackupPage(raw: unknown): BackupPage {
  const body = isRecord(raw) ? raw : {};
  const backups = readList(body.backups).map(readBackup);
  return {
    backups,
    backups_count: readCount(body.backups_count) ?? backups.length,
    pages_count: readCount(body.pages_count) ?? (backups.length > 0 ? 1 : 0),
  };
}

/**
 * GET /backups/{service_id} is documented as returning one backup but named
 * "all backups per service": accept a paged object, a bare array or one
 * backup object alike.
 */
export function readServiceBackups(raw: unknown): BackupPage {
  if (Array.isArray(raw)) {
    const backups = raw.map(readBackup);
    return { backups, backups_count: backups.length, pages_count: backups.length > 0 ? 1 : 0 };
  }
  if (isRecord(raw) && Array.isArray(raw.backups)) return readBackupPage(raw);
  if (isRecord(raw) && Object.keys(raw).length > 0) {
    return { backups: [readBackup(raw)], backups_count: 1, pages_count: 1 };
  }
  return { backups: [], backups_count: 0, pages_count: 0 };
}

export function readSchedulePage(raw: unknown): SchedulePage {
  const body = isRecord(raw) ? raw : {};
  const schedules = readList(body.schedules).map(readSchedule);
  return {
    schedules,
    schedules_count: readCount(body.schedules_count) ?? schedules.length,
    pages_count: readCount(body.pages_count) ?? (schedules.length > 0 ? 1 : 0),
  };
}
