/**
 * The exact moments a restore can reach near an unreachable target, each
 * with the chain that reaches it: a base's or incremental's own point, or
 * the end of the binary-log coverage a start is carried to. Listed as
 * points, newest before and oldest after, so an assistant can offer "12:01
 * or 18:01" instead of a range it would have to check.
 */
import { chooseStart, costOf } from "./choose.js";
import type { RestorePoints } from "./points.js";
import { isoSeconds } from "../util/time.js";

export const NEARBY_COUNT = 3;

export interface RestorablePoint {
  point: string;
  base: { id: string; type: string; point_in_time: string };
  incrementals: number;
  binlogs: number;
}

export interface NearbyPoints {
  before: RestorablePoint[];
  after: RestorablePoint[];
}

export function nearbyPoints(
  points: RestorePoints,
  target: number,
  count = NEARBY_COUNT,
): NearbyPoints {
  const before = new Set<number>();
  const after = new Set<number>();
  for (const start of points.starts) {
    if (start.at > target) after.add(start.at);
    else {
      before.add(start.at);
      before.add(Math.min(start.reach, target));
    }
  }
  const newest = [...before].sort((a, b) => b - a).slice(0, count);
  const oldest = [...after].sort((a, b) => a - b).slice(0, count);
  return { before: described(points, newest), after: described(points, oldest) };
}

function described(points: RestorePoints, moments: readonly number[]): RestorablePoint[] {
  const out: RestorablePoint[] = [];
  for (const at of moments) {
    const start = chooseStart(points.starts, points.binlogs, at);
    if (start === undefined) continue; // Cannot happen: every moment listed is some start's reach.
    const cost = costOf(start, points.binlogs, at);
    out.push({
      point: isoSeconds(at),
      base: { id: start.base.id, type: start.base.type, point_in_time: isoSeconds(start.base.at) },
      incrementals: cost.incrementals,
      binlogs: cost.binlogs,
    });
  }
  return out;
}
