/**
 * The moments a restore can reach near an unreachable target, each with the
 * chain that reaches it. A start (base, or base + incrementals) reaches its
 * own point and, where binary logs continue, every moment up to the end of
 * their coverage; overlapping reaches join into one stretch. So a stretch is
 * either an exact point (no binlogs carry it) or "any moment from A to B".
 * Listed nearest first on each side, so an assistant can offer "any moment
 * from 12:02 on" instead of three points inside the same coverage.
 */
import { chooseStart, costOf } from "./choose.js";
import type { RestorePoints, Start } from "./points.js";
import { isoSeconds } from "../util/format.js";

const NEARBY_COUNT = 3;

export interface RestorablePoint {
  /** The reachable moment nearest the target (a stretch's end before it, its start after it). */
  point: string;
  /** Set when binary logs make every moment from..to restorable, not just `point`. */
  range?: { from: string; to: string; to_latest: boolean };
  /** The chain that reaches `point`. */
  base: { id: string; type: string; point_in_time: string };
  incrementals: number;
  binlogs: number;
}

export interface NearbyPoints {
  before: RestorablePoint[];
  after: RestorablePoint[];
}

interface Stretch {
  from: number;
  to: number;
}

/** Every start's [own point, reach], joined where they overlap; oldest first. */
function stretches(starts: readonly Start[]): Stretch[] {
  const sorted = [...starts].sort((a, b) => a.at - b.at);
  const out: Stretch[] = [];
  for (const start of sorted) {
    const last = out.at(-1);
    if (last !== undefined && start.at <= last.to) last.to = Math.max(last.to, start.reach);
    else out.push({ from: start.at, to: start.reach });
  }
  return out;
}

export function nearbyPoints(
  points: RestorePoints,
  target: number,
  count = NEARBY_COUNT,
): NearbyPoints {
  const all = stretches(points.starts);
  const newest = all.at(-1)?.to;
  const before: RestorablePoint[] = [];
  const after: RestorablePoint[] = [];
  for (let i = all.length - 1; i >= 0 && before.length < count; i -= 1) {
    const s = all[i];
    if (s === undefined || s.from > target) continue;
    // A stretch holding the target would make it reachable; cap it anyway so nothing past it is offered.
    const end = Math.min(s.to, target);
    const p = described(points, end, { from: s.from, to: end }, newest);
    if (p !== undefined) before.push(p);
  }
  for (const s of all) {
    if (after.length >= count) break;
    const p = s.from > target ? described(points, s.from, s, newest) : undefined;
    if (p !== undefined) after.push(p);
  }
  return { before, after };
}

function described(
  points: RestorePoints,
  at: number,
  stretch: Stretch,
  newest: number | undefined,
): RestorablePoint | undefined {
  const start = chooseStart(points.starts, points.binlogs, at);
  if (start === undefined) return undefined; // Cannot happen: every moment of a stretch is some start's reach.
  const cost = costOf(start, points.binlogs, at);
  return {
    point: isoSeconds(at),
    ...(stretch.to > stretch.from && {
      range: {
        from: isoSeconds(stretch.from),
        to: isoSeconds(stretch.to),
        to_latest: stretch.to === newest,
      },
    }),
    base: { id: start.base.id, type: start.base.type, point_in_time: isoSeconds(start.base.at) },
    incrementals: cost.incrementals,
    binlogs: cost.binlogs,
  };
}
