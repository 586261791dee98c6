/**
 * Hand-built accounts for the size rules (recovery/model.ts's BaseSizes), served by a
 * fake API, not the emulator: a 0-byte full, a full 90% under its median,
 * dumps beside snapshots, a week of 3.5x growth, and a healthy service whose
 * sizes move ±15% a day. Times are relative to NOW (2026-11-26 12:00 UTC).
 */
import type { Backup, Schedule } from "../../src/api/records.js";
import { DAY, HOUR, NOW, backup, binlogs, rfc } from "./backups.js";

export { NOW };

export const GB = 1e9;
export const DAY0 = Date.parse("2026-11-26T00:00:00Z");
/** Day-to-day size variation of a healthy service: within ±15%. */
const WOBBLE = [1.0, 0.87, 1.12, 0.95, 1.15, 0.85, 1.08, 0.9, 1.13, 1.0, 0.88];

export const ZERO = "dbzer00000001";
export const SHRUNK = "dbshr00000002";
export const MIXED = "dbmix00000003";
export const GROWING = "dbgro00000004";
export const HEALTHY = "dbhea00000005";

export const sized = (b: Backup, bytes: number | undefined, field = "backup_size"): Backup => {
  const rest: Backup = { ...b };
  delete rest.backup_size;
  delete rest.storage_bytes;
  return bytes === undefined ? rest : { ...rest, [field]: bytes };
};

/** One base a day at 02:00 for the 11 days up to today, sized by `size(daysAgo)`. */
function nightly(service: string, type: string, size: (daysAgo: number) => number): Backup[] {
  return WOBBLE.map((_, i) => {
    const daysAgo = WOBBLE.length - 1 - i;
    return sized(backup({ service, type, at: DAY0 - daysAgo * DAY + 2 * HOUR }), size(daysAgo));
  });
}

const healthySize = (daysAgo: number): number => 10 * GB * (WOBBLE[daysAgo] ?? 1);

const schedule = (service: string, id: number, type: string, cron: string): Schedule => ({
  id,
  service_id: service,
  type,
  schedule: cron,
  suspended: false,
  created_at: rfc(NOW - 30 * DAY),
  updated_at: rfc(NOW - 30 * DAY),
});

export const zeroFulls = nightly(ZERO, "full", (d) => (d === 0 ? 0 : healthySize(d)));
export const zeroIncrementals = [4, 8].map((h) =>
  sized(
    backup({
      service: ZERO,
      type: "incremental",
      at: DAY0 - DAY + (2 + h) * HOUR,
      ref: zeroFulls.at(-2)?.id,
    }),
    GB / 2,
  ),
);
export const shrunkFulls = nightly(SHRUNK, "full", (d) => (d === 0 ? 0.95 * GB : healthySize(d)));
/**
 * A logical dump is a tenth of the volume a snapshot copies, and a snapshot stores a few percent
 * of its size: dumps are judged against dumps, snapshots against snapshots, and today's snapshot,
 * which reports only storage_bytes, against no backup_size at all.
 */
const snapshots = nightly(MIXED, "snapshot", (d) => 20 * GB * (WOBBLE[d] ?? 1)).map((b) => ({
  ...b,
  storage_bytes: Math.round((b.backup_size ?? 0) * 0.06),
}));
const lastSnapshot = snapshots.pop();
const mixed = [
  ...nightly(MIXED, "dump", (d) => 2 * GB * (WOBBLE[d] ?? 1)),
  ...snapshots,
  ...(lastSnapshot ? [sized(lastSnapshot, lastSnapshot.storage_bytes, "storage_bytes")] : []),
];
// 1 GB a week ago, 3.5 GB today: the same steady rate every day.
const growing = nightly(GROWING, "full", (d) => (d > 7 ? GB : GB * 3.5 ** ((7 - d) / 7)));
const healthy = [
  ...nightly(HEALTHY, "full", healthySize),
  ...binlogs(NOW - 10 * DAY, NOW - HOUR, HEALTHY).map((b) => sized(b, 50e6)),
];

export const SIZE_ACCOUNT = {
  backups: [...zeroFulls, ...zeroIncrementals, ...shrunkFulls, ...mixed, ...growing, ...healthy],
  schedules: [
    schedule(ZERO, 1, "full", "0 2 * * *"),
    schedule(SHRUNK, 2, "full", "0 2 * * *"),
    schedule(MIXED, 3, "dump", "0 2 * * *"),
    schedule(MIXED, 4, "snapshot", "0 2 * * *"),
    schedule(GROWING, 5, "full", "0 2 * * *"),
    schedule(HEALTHY, 6, "full", "0 2 * * *"),
    schedule(HEALTHY, 7, "binarylog", "0 * * * *"),
  ],
};
