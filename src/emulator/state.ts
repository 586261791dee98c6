import {
  buildBackup,
  durationSeconds,
  typicalSize,
  type BinlogPosition,
} from "./backup-factory.js";
import { HOUR_MS, MINUTE_MS } from "../util/time.js";
import { ONCE_RUN_MINUTES, OnceRuns } from "./once-runs.js";
import { createRng, type Rng } from "./prng.js";
import { RestoreBook } from "./restores.js";
import type { ScenarioRole } from "./scenarios.js";
import { buildSchedule, type ScheduleDraft } from "./schedule-factory.js";
import type { Backup, BackupSchedule, ServiceInfo } from "./types.js";

/** First id handed out to schedules created through the API (the real API's ids look like 253). */
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
