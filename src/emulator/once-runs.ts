import { pointInTime, rfc3339 } from "./format.js";
import type { Backup } from "./types.js";
import type { BackupType } from "../api/records.js";

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
