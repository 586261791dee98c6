import { humanBytes, pointInTime, rfc3339 } from "./format.js";
import type { Backup, BackupStatus, ServiceInfo } from "./types.js";
import type { BackupType } from "../api/records.js";

const GB = 1_000_000_000;
const MB = 1_000_000;

/** Everything needed to print one backup; the factory owns field order and derived fields. */
export interface BackupDraft {
  /** 32 hex digits; the service and pod are appended as the real API does. */
  hex: string;
  svc: ServiceInfo;
  type: BackupType;
  startMs: number;
  /** Undefined while running. */
  endMs?: number;
  status: BackupStatus;
  sizeBytes: number;
  /** Data size of the service when the backup ran; drives the restore disk size. */
  dataBytes: number;
  reference?: string;
  /** Consistent point of the backup; defaults to the end time, "" when failed or running. */
  pitMs?: number;
  external?: boolean;
  binlog?: BinlogPosition;
}

export interface BinlogPosition {
  file: number;
  position: number;
  gtidSeq: number;
}

function methodFor(svc: ServiceInfo, type: BackupType): string {
  if (type === "dump") return "mysqldump";
  if (type === "snapshot") return "snapshot";
  if (type === "binarylog") return "skybucket";
  return svc.method;
}

/** Size a backup of this type would have for a service holding `dataBytes`, before jitter. */
export function typicalSize(type: BackupType, dataBytes: number): number {
  switch (type) {
    case "full":
      return dataBytes * 0.42;
    case "incremental":
      return dataBytes * 0.018;
    case "binarylog":
      return 40 * MB;
    case "dump":
      return dataBytes * 0.55;
    case "snapshot":
      return dataBytes;
  }
}

/** Seconds a successful backup of this size takes (bucket upload ~120 MB/s, dumps slower). */
export function durationSeconds(type: BackupType, sizeBytes: number): number {
  switch (type) {
    case "full":
      return 20 + sizeBytes / (120 * MB);
    case "incremental":
      return 10 + sizeBytes / (120 * MB);
    case "binarylog":
      return 2 + sizeBytes / (200 * MB);
    case "dump":
      return 15 + sizeBytes / (40 * MB);
    case "snapshot":
      return 30 + sizeBytes / (2000 * MB);
  }
}

/** Restores need the data plus headroom, provisioned in whole gigabytes. */
export function restoreDiskBytes(dataBytes: number): number {
  return Math.max(1, Math.ceil((dataBytes * 1.3) / GB)) * GB;
}

export function buildBackup(d: BackupDraft): Backup {
  const done = d.status === "Succeeded";
  const size = done ? Math.round(d.sizeBytes) : 0;
  const disk = restoreDiskBytes(d.dataBytes);
  const pit = done ? (d.pitMs ?? d.endMs) : undefined;
  const backup: Backup = {
    id: `${d.hex}:${d.svc.id}:${d.svc.serverPod}`,
    service_id: d.svc.id,
    service_name: d.svc.name,
    type: d.type,
    method: methodFor(d.svc, d.type),
    server_pod: d.svc.serverPod,
    backup_size: size,
    // Snapshots are incremental at the volume level, so they occupy far less than their size.
    storage_bytes: d.type === "snapshot" ? Math.round(size * 0.06) : size,
    disk_size: humanBytes(disk),
    disk_size_bytes: disk,
    reference_full_backup: d.reference ?? "",
    point_in_time: pit === undefined ? "" : pointInTime(pit),
    start_time: rfc3339(d.startMs),
    end_time: d.endMs === undefined ? "" : rfc3339(d.endMs),
    status: d.status,
    cloud_provider: d.svc.cloudProvider,
    is_external_storage: d.external ?? false,
  };
  if (d.binlog !== undefined) {
    backup.binlog_file = `mariadb-bin.${String(d.binlog.file).padStart(6, "0")}`;
    backup.binlog_position = String(d.binlog.position);
    backup.binlog_gtid_position = `0-1-${d.binlog.gtidSeq}`;
  }
  return backup;
}
