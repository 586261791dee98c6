/**
 * Point-in-time coverage from a service's backups: a successful full (or
 * snapshot) backup, then binlog backups rolling forward from it. A binlog
 * backup closes the log at its `point_in_time`, so consecutive ones cover
 * adjacent windows (timeline.ts); two more than MAX_STEP apart leave a gap
 * no restore can cross.
 */
import { MINUTE_MS, parseApiTime } from "../util/time.js";
import type { Backup } from "./types.js";

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
