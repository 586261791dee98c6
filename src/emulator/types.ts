import type { FaultKind, Faults } from "./faults.js";
import type { EmulatorState } from "./state.js";

/** The five backup types the API accepts, in the order its documentation lists them. */
export const BACKUP_TYPES = ["full", "incremental", "binarylog", "dump", "snapshot"] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];
export type BackupStatus = "Succeeded" | "Failed" | "Running";
export type CloudProvider = "gcp" | "aws" | "azure";

export interface EmulatorOptions {
  /** Required X-API-Key value; default "demo-key". */
  apiKey?: string;
  /** PRNG seed for generated data; default 42. */
  seed?: number;
  /** Injectable clock; default () => new Date(). */
  now?: () => Date;
  /** Approximate total backups to generate; default ~1500 (never fewer than a 30-day history). */
  backups?: number;
  /** Number of services; default 8, at least 6. */
  services?: number;
  /** Start with no services, backups or schedules. */
  emptyData?: boolean;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Shape of GET /backups/{service_id}; default "paged". */
  serviceBackupsShape?: "paged" | "array" | "object";
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** 0 when nothing was answered (a `reset` fault). */
  status: number;
  /** The injected fault that answered it, if any. */
  fault?: FaultKind;
}

export interface RunningEmulator {
  url: string;
  port: number;
  apiKey: string;
  requests: RecordedRequest[];
  /** Injected failures for tests; empty unless a test adds some. */
  faults: Faults;
  state: EmulatorState;
  close(): Promise<void>;
}

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
}
