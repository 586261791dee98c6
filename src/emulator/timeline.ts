import { buildBackup, durationSeconds, typicalSize } from "./backup-factory.js";
import { floorHour } from "./format.js";
import { DAY_MS, HOUR_MS } from "../util/time.js";
import type { Rng } from "./prng.js";
import type { Backup, ServiceInfo } from "./types.js";
import type { BackupType } from "../api/records.js";

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
