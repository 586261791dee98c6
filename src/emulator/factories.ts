import type { BackupType } from "../api/records.js";
import {
  humanBytes,
  pointInTime,
  rfc3339,
  floorHour,
  type Backup,
  type BackupStatus,
  type ServiceInfo,
  type BackupSchedule,
  type Rng,
} from "./primitives.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, parseApiTime } from "../util/time.js";

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

/** How long a backup started by a `once` schedule runs, by the injected clock. */
export const ONCE_RUN_MINUTES: Readonly<Record<BackupType, number>> = {
  full: 5,
  incremental: 2,
  binarylog: 1,
  dump: 8,
  snapshot: 1,
};

export interface OnceRun {
  backup: Backup;
  scheduleId: number;
  completesAtMs: number;
  sizeBytes: number;
}

/**
 * Backups started by `once` schedules. They stay Running until the clock passes their end;
 * settling on read (rather than on a timer) keeps the status a function of now() alone.
 */
export class OnceRuns {
  private readonly pending: OnceRun[] = [];

  add(run: OnceRun): void {
    this.pending.push(run);
  }

  /** Completes, in place, every run whose end `nowMs` has passed. */
  settle(nowMs: number): void {
    for (let i = this.pending.length - 1; i >= 0; i -= 1) {
      const run = this.pending[i];
      if (run === undefined || run.completesAtMs > nowMs) continue;
      const b = run.backup;
      b.status = "Succeeded";
      b.end_time = rfc3339(run.completesAtMs);
      b.point_in_time = pointInTime(run.completesAtMs);
      b.backup_size = Math.round(run.sizeBytes);
      b.storage_bytes = b.type === "snapshot" ? Math.round(run.sizeBytes * 0.06) : b.backup_size;
      this.pending.splice(i, 1);
    }
  }

  /** The unsettled backup a schedule started, if any; call settle() first. */
  runningFor(scheduleId: number): Backup | undefined {
    return this.pending.find((run) => run.scheduleId === scheduleId)?.backup;
  }
}

/** When a service's backups ran and how they went; scenario roles bend these knobs. */
export interface Profile {
  fromMs: number;
  /** Nothing starts at or after this (a stopped or suspended service). */
  untilMs: number;
  /** Binary logs older than this have expired, so no binlog backups before it. */
  binlogFromMs: number;
  fullsUntilMs: number;
  /** Every backup starting at or after this fails. */
  failFromMs: number;
  /** Chance that a full, incremental, dump or snapshot fails at random. */
  failRate: number;
  weeklyDump: boolean;
  /** No binlog backups strictly inside this window: those binary logs were lost. */
  binlogGap?: { fromMs: number; toMs: number };
  /** A full backup starts here and never finishes; nothing is queued behind it. */
  stuckAtMs?: number;
  /** The schedules were cut to office hours here: weekdays only, binlogs within OFFICE_HOURS. */
  officeHoursFromMs?: number;
  /** The newest successful full reports 0 bytes: the API said Succeeded, the storage took nothing. */
  emptyNewestFull?: boolean;
}

/**
 * Hours (UTC, inclusive) the binlogs of a service cut to office hours still run, Monday to Friday.
 * Ending at 18:00 with the last 6-hourly incremental, the weekend hole (Friday 18:00 to Monday
 * 00:00, 54h) is over twice the 26h RPO: whatever the hour, the audit's 7-day outlook sees a
 * coming breach, of this weekend or the next.
 */
export const OFFICE_HOURS = { from: 6, to: 18 } as const;

/** Hour-of-day cadence of a healthy service, mirroring its default schedules. */
function slotTypes(svc: ServiceInfo, p: Profile, t: number): BackupType[] {
  const d = new Date(t);
  const h = d.getUTCHours();
  const office = p.officeHoursFromMs !== undefined && t >= p.officeHoursFromMs;
  // Sunday (0) and Saturday (6) get no run once the schedules are cut to office hours.
  if (office && d.getUTCDay() % 6 === 0) return [];
  if (svc.cloudProvider === "azure") return h % 4 === 0 ? ["snapshot"] : [];
  const types: BackupType[] = [];
  const inGap = p.binlogGap !== undefined && t > p.binlogGap.fromMs && t < p.binlogGap.toMs;
  const logged = !office || (h >= OFFICE_HOURS.from && h <= OFFICE_HOURS.to);
  if (t >= p.binlogFromMs && !inGap && logged) types.push("binarylog");
  if (h === 2 && t < p.fullsUntilMs) types.push("full");
  if (h % 6 === 0) types.push("incremental");
  if (p.weeklyDump && h === 3 && d.getUTCDay() === 0) types.push("dump");
  return types;
}

/** One service's finished backups (plus a stuck one), in time order, all before `nowMs`. */
export function serviceTimeline(svc: ServiceInfo, p: Profile, nowMs: number, rng: Rng): Backup[] {
  const out: Backup[] = [];
  const stopMs = Math.min(p.untilMs, p.stuckAtMs ?? Infinity, nowMs);
  let file = rng.int(100, 900);
  let gtidSeq = rng.int(10_000, 900_000);
  let lastFull = "";
  let newestFull: Backup | undefined;
  const dataAt = (t: number): number =>
    svc.dataBytes * (1 - svc.growthPerDay * ((nowMs - t) / DAY_MS));

  for (let t = floorHour(p.fromMs) + HOUR_MS; t < stopMs; t += HOUR_MS) {
    // Binary logs rotate and grow whether or not anyone backs them up.
    file += 1;
    gtidSeq += rng.int(500, 30_000);
    for (const type of slotTypes(svc, p, t)) {
      if (type === "incremental" && lastFull === "") continue;
      const data = dataAt(t);
      const size = typicalSize(type, data) * rng.between(0.6, 1.4);
      const startMs = t + rng.int(2, 50) * 1000 + (type === "incremental" ? 60_000 : 0);
      const failed = startMs >= p.failFromMs || (type !== "binarylog" && rng.next() < p.failRate);
      const runMs = durationSeconds(type, size) * 1000 * (failed ? rng.between(0.1, 0.9) : 1);
      // Whole seconds, at least one, so end_time always sorts after start_time.
      const endMs = startMs + Math.max(1000, Math.round(runMs / 1000) * 1000);
      if (endMs > nowMs || startMs >= stopMs) continue;
      const hex = rng.hex(32);
      const backup = buildBackup({
        hex,
        svc,
        type,
        startMs,
        endMs,
        status: failed ? "Failed" : "Succeeded",
        sizeBytes: size,
        dataBytes: data,
        reference: type === "incremental" ? lastFull : "",
        // A binlog backup closes the log at the slot, so consecutive ones cover adjacent windows.
        pitMs: type === "binarylog" ? t : endMs - 1000,
        binlog:
          type === "binarylog"
            ? { file, position: rng.int(256, 1_000_000_000), gtidSeq }
            : undefined,
      });
      if (type === "full" && !failed) {
        lastFull = backup.id;
        newestFull = backup;
      }
      out.push(backup);
    }
  }
  if (p.emptyNewestFull === true && newestFull !== undefined) {
    newestFull.backup_size = 0;
    newestFull.storage_bytes = 0;
  }
  if (p.stuckAtMs !== undefined && p.stuckAtMs < nowMs) {
    out.push(
      buildBackup({
        hex: rng.hex(32),
        svc,
        type: svc.cloudProvider === "azure" ? "snapshot" : "full",
        startMs: p.stuckAtMs,
        status: "Running",
        sizeBytes: 0,
        dataBytes: dataAt(p.stuckAtMs),
      }),
    );
  }
  return out;
}

/**
 * Point-in-time coverage from a service's backups: a successful full (or
 * snapshot) backup, then binlog backups rolling forward from it. A binlog
 * backup closes the log at its `point_in_time`, so consecutive ones cover
 * adjacent windows (slotTypes); two more than MAX_STEP apart leave a gap
 * no restore can cross.
 */
/** Binlog backups run hourly; allow for their few seconds of jitter. */
const MAX_STEP_MS = 90 * MINUTE_MS;

export interface PitrWindow {
  startMs: number;
  endMs: number;
}

interface Points {
  bases: { ms: number; backup: Backup }[];
  binlogs: number[];
}

function pointsOf(backups: readonly Backup[]): Points {
  const bases: Points["bases"] = [];
  const binlogs: number[] = [];
  for (const b of backups) {
    if (b.status !== "Succeeded") continue;
    const ms = parseApiTime(b.point_in_time);
    if (ms === undefined) continue;
    if (b.type === "binarylog") binlogs.push(ms);
    else if (b.type === "full" || b.type === "snapshot") bases.push({ ms, backup: b });
  }
  bases.sort((a, b) => a.ms - b.ms);
  binlogs.sort((a, b) => a - b);
  return { bases, binlogs };
}

/** Whether binlogs roll forward unbroken from a base at `fromMs` to `toMs`. */
function gapBetween(
  binlogs: readonly number[],
  fromMs: number,
  toMs: number,
): PitrWindow | undefined {
  if (toMs <= fromMs) return undefined;
  let last = fromMs;
  for (const ms of binlogs) {
    if (ms <= fromMs) continue;
    if (ms - last > MAX_STEP_MS) return { startMs: last, endMs: ms };
    if (ms >= toMs) return undefined;
    last = ms;
  }
  return toMs <= last ? undefined : { startMs: last, endMs: toMs };
}

/**
 * The window a PITR lookup reports: from the earliest base whose binlogs
 * follow it to the newest binlog. Gaps inside it are not reported (the
 * spec's answer has no room for them) but a point in one is refused.
 */
export function pitrWindow(backups: readonly Backup[]): PitrWindow | undefined {
  const { bases, binlogs } = pointsOf(backups);
  const endMs = binlogs.at(-1);
  if (endMs === undefined) return undefined;
  const first = bases.find((b) => {
    const next = binlogs.find((ms) => ms > b.ms);
    return next !== undefined && next - b.ms <= MAX_STEP_MS;
  });
  if (first === undefined || first.ms >= endMs) return undefined;
  return { startMs: first.ms, endMs };
}

export type PointCheck =
  { base: Backup } | { gap: PitrWindow } | { outside: PitrWindow | undefined };

/** The base backup a point is restored from, or why the point cannot be reached. */
export function checkPoint(backups: readonly Backup[], pointMs: number): PointCheck {
  const window = pitrWindow(backups);
  if (window === undefined || pointMs < window.startMs || pointMs > window.endMs)
    return { outside: window };
  const { bases, binlogs } = pointsOf(backups);
  const base = bases.findLast((b) => b.ms <= pointMs);
  if (base === undefined) return { outside: window };
  const gap = gapBetween(binlogs, base.ms, pointMs);
  return gap === undefined ? { base: base.backup } : { gap };
}
