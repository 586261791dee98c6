/** First id handed out to schedules created through the API (the real API's ids look like 253). */
import {
  buildBackup,
  durationSeconds,
  typicalSize,
  ONCE_RUN_MINUTES,
  OnceRuns,
  buildSchedule,
  type BinlogPosition,
  type ScheduleDraft,
} from "./factories.js";
import {
  createRng,
  rfc3339,
  type Rng,
  type Backup,
  type BackupSchedule,
  type ServiceInfo,
} from "./primitives.js";
import type { ScenarioRole } from "./scenarios.js";
import { HOUR_MS, MINUTE_MS } from "../util/time.js";

const FIRST_API_SCHEDULE_ID = 200;

/**
 * Everything the emulator serves. Backups stay sorted by start_time ascending so paging is a
 * slice and `desc` reads from the end.
 */
export class EmulatorState {
  readonly services: string[] = [];
  readonly schedules = new Map<number, BackupSchedule>();
  /** Which service plays which scenario role in this dataset (empty for emptyData). */
  readonly scenarios: Partial<Record<ScenarioRole, string>> = {};
  readonly now: () => Date;
  readonly restores = new RestoreBook();
  /** Restores run this many times faster than simulated (EmulatorOptions.restoreSpeedup). */
  readonly restoreSpeedup: number;
  private readonly infos = new Map<string, ServiceInfo>();
  private readonly sorted: Backup[] = [];
  private readonly runs = new OnceRuns();
  private readonly rng: Rng;
  private nextScheduleId = FIRST_API_SCHEDULE_ID;

  constructor(options: { now: () => Date; seed: number; restoreSpeedup?: number }) {
    this.now = options.now;
    const speedup = options.restoreSpeedup ?? 1;
    if (!(speedup > 0 && Number.isFinite(speedup)))
      throw new RangeError(`restoreSpeedup must be a finite number > 0, got ${speedup}`);
    this.restoreSpeedup = speedup;
    // Offset so ids minted at run time differ from the generator's stream for the same seed.
    this.rng = createRng(options.seed ^ 0x5bd1e995);
  }

  /** All backups, oldest first, with finished `once` backups already settled. */
  get backups(): Backup[] {
    this.settle();
    return this.sorted;
  }

  service(id: string): ServiceInfo | undefined {
    return this.infos.get(id);
  }

  addService(id: string, info: Partial<Omit<ServiceInfo, "id">> = {}): ServiceInfo {
    const existing = this.infos.get(id);
    if (existing) return existing;
    const svc: ServiceInfo = {
      id,
      name: info.name ?? `service-${id.slice(-4)}`,
      cloudProvider: info.cloudProvider ?? "gcp",
      serverPod: info.serverPod ?? `${id}-mdb-ms-0`,
      dataBytes: info.dataBytes ?? 10_000_000_000,
      growthPerDay: info.growthPerDay ?? 0.003,
      method: info.method ?? "skybucket",
      ...(info.diskBytes === undefined ? {} : { diskBytes: info.diskBytes }),
    };
    this.infos.set(id, svc);
    this.services.push(id);
    return svc;
  }

  /** Adds one backup (for tests); unknown services are created, missing fields get defaults. */
  addBackup(partial: Partial<Backup> & { service_id: string }): Backup {
    const svc = this.addService(partial.service_id);
    const type = partial.type ?? "full";
    const startMs = this.now().getTime() - HOUR_MS;
    const size = typicalSize(type, svc.dataBytes);
    const base = buildBackup({
      hex: this.rng.hex(32),
      svc,
      type,
      startMs,
      endMs: startMs + durationSeconds(type, size) * 1000,
      status: "Succeeded",
      sizeBytes: size,
      dataBytes: svc.dataBytes,
      binlog: type === "binarylog" ? this.nextBinlog(svc.id) : undefined,
    });
    const backup: Backup = { ...base, ...partial };
    this.insert(backup);
    return backup;
  }

  /** Bulk load for the generator: one sort instead of n insertions. */
  loadBackups(backups: readonly Backup[]): void {
    for (const b of backups) this.sorted.push(b);
    this.sorted.sort((a, b) =>
      a.start_time < b.start_time ? -1 : a.start_time > b.start_time ? 1 : 0,
    );
  }

  /** Stores a schedule; `id` is for the generator, the API lets the state pick the next id. */
  addSchedule(draft: ScheduleDraft, id?: number): BackupSchedule {
    const scheduleId = id ?? this.nextScheduleId;
    this.nextScheduleId = Math.max(this.nextScheduleId, scheduleId + 1);
    const schedule = buildSchedule(scheduleId, draft);
    this.schedules.set(scheduleId, schedule);
    return schedule;
  }

  /** What a `once` schedule does on creation: start one backup now, finished a few minutes later. */
  startBackup(schedule: BackupSchedule): Backup {
    const svc = this.addService(schedule.service_id);
    const nowMs = this.now().getTime();
    const reference = schedule.type === "incremental" ? (this.lastFull(svc.id)?.id ?? "") : "";
    const backup = buildBackup({
      hex: this.rng.hex(32),
      svc,
      type: schedule.type,
      startMs: nowMs,
      status: "Running",
      sizeBytes: 0,
      dataBytes: svc.dataBytes,
      reference,
      external: schedule.is_external_storage === true,
      binlog: schedule.type === "binarylog" ? this.nextBinlog(svc.id) : undefined,
    });
    this.insert(backup);
    this.runs.add({
      backup,
      scheduleId: schedule.id,
      completesAtMs: nowMs + ONCE_RUN_MINUTES[schedule.type] * MINUTE_MS,
      sizeBytes: typicalSize(schedule.type, svc.dataBytes),
    });
    return backup;
  }

  /** The still-running backup a schedule started, if any. */
  runningBackupOf(scheduleId: number): Backup | undefined {
    this.settle();
    return this.runs.runningFor(scheduleId);
  }

  /** Completes every started backup whose end the clock has passed; status derives from now(). */
  settle(): void {
    this.runs.settle(this.now().getTime());
  }

  private insert(backup: Backup): void {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid];
      if (m !== undefined && m.start_time <= backup.start_time) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, backup);
  }

  private lastFull(serviceId: string): Backup | undefined {
    return this.sorted.findLast(
      (b) => b.service_id === serviceId && b.type === "full" && b.status === "Succeeded",
    );
  }

  /** Continues the service's binlog numbering after its newest binlog backup. */
  private nextBinlog(serviceId: string): BinlogPosition {
    const last = this.sorted.findLast((b) => b.service_id === serviceId && b.type === "binarylog");
    const file = Number(last?.binlog_file?.split(".")[1] ?? "1");
    const gtid = Number(last?.binlog_gtid_position?.split("-")[2] ?? "0");
    return { file: file + 1, position: this.rng.int(4, 1_000_000), gtidSeq: gtid + 1000 };
  }
}

/**
 * Restore operations. A restore's status is never stored: it is derived from
 * the injected clock (Running until its end, then its planned outcome), so a
 * test moves the clock and reads the next status, as with `once` backups.
 */
export type RestoreStatus = "Running" | "Succeeded" | "Failed" | "Cancelled";

/** What POST /restores decided when it accepted the request. */
export interface RestoreRun {
  id: number;
  /** The TARGET service. */
  serviceId: string;
  serviceName: string;
  /** The backup key, the PITR source service id, or the file in an external bucket. */
  backupId: string;
  bucket: string;
  type: "physical" | "logical";
  createdMs: number;
  /** When it ends, with `outcome`; before that it is Running. */
  endsMs: number;
  outcome: { status: "Succeeded" } | { status: "Failed"; message: string };
  cancelledMs?: number;
}

/** A restore exactly as the emulator answers it (the spec's v1.RestoreResponse plus updated_at). */
export interface RestoreRecord {
  id: number;
  service_id: string;
  service_name: string;
  backup_id: string;
  bucket: string;
  type: string;
  status: RestoreStatus;
  message: string;
  created_at: string;
  /** Not in the spec: when the status last changed. */
  updated_at: string;
}

const RUNNING_MESSAGE = "server is not-ready";
const SUCCEEDED_MESSAGE = "Restore has succeeded!";

class RestoreBook {
  /** Ascending by id (so by creation), for paging like the backups list. */
  private readonly runs: RestoreRun[] = [];
  private nextId = 1;

  /** Stores a run; `id` is given by the demo history, otherwise the next one is taken. */
  add(run: Omit<RestoreRun, "id"> & { id?: number }): RestoreRun {
    const id = run.id ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const stored: RestoreRun = { ...run, id };
    this.runs.push(stored);
    this.runs.sort((a, b) => a.id - b.id);
    return stored;
  }

  get(id: number): RestoreRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  forTarget(serviceId: string): RestoreRun[] {
    return this.runs.filter((r) => r.serviceId === serviceId);
  }

  /** The restore still running on a service, which blocks another one and its backups. */
  runningOn(serviceId: string, nowMs: number): RestoreRun | undefined {
    return this.runs.find((r) => r.serviceId === serviceId && statusAt(r, nowMs) === "Running");
  }

  get all(): readonly RestoreRun[] {
    return this.runs;
  }
}

export function statusAt(run: RestoreRun, nowMs: number): RestoreStatus {
  if (run.cancelledMs !== undefined) return "Cancelled";
  return nowMs < run.endsMs ? "Running" : run.outcome.status;
}

function messageAt(run: RestoreRun, status: RestoreStatus): string {
  switch (status) {
    case "Running":
      return RUNNING_MESSAGE;
    case "Succeeded":
      return SUCCEEDED_MESSAGE;
    case "Failed":
      return run.outcome.status === "Failed" ? run.outcome.message : "Restore has failed";
    case "Cancelled":
      return `Restore was cancelled at ${rfc3339(run.cancelledMs ?? run.createdMs)}; the data of ${run.serviceId} may be incomplete: restore a known-good backup into it before using it`;
  }
}

/** The record as the API would send it at `nowMs`. */
export function recordAt(run: RestoreRun, nowMs: number): RestoreRecord {
  const status = statusAt(run, nowMs);
  const changedMs =
    status === "Running"
      ? run.createdMs
      : status === "Cancelled"
        ? (run.cancelledMs ?? run.endsMs)
        : run.endsMs;
  return {
    id: run.id,
    service_id: run.serviceId,
    service_name: run.serviceName,
    backup_id: run.backupId,
    bucket: run.bucket,
    type: run.type,
    status,
    message: messageAt(run, status),
    created_at: rfc3339(run.createdMs),
    updated_at: rfc3339(changedMs),
  };
}

/** The shape of the vendor's worked examples: `key` for the backup, no service_name or times. */
export function docsRecordAt(run: RestoreRun, nowMs: number): Record<string, unknown> {
  const r = recordAt(run, nowMs);
  return {
    id: r.id,
    service_id: r.service_id,
    bucket: r.bucket,
    key: r.backup_id,
    type: r.type,
    status: r.status,
    message: r.message,
  };
}
