/**
 * The moments a restore can reach near an unreachable target, each with the
 * chain that reaches it. A start (base, or base + incrementals) reaches its
 * own point and, where binary logs continue, every moment up to the end of
 * their coverage; overlapping reaches join into one stretch. So a stretch is
 * either an exact point (no binlogs carry it) or "any moment from A to B".
 * Listed nearest first on each side, so an assistant can offer "any moment
 * from 12:02 on" instead of three points inside the same coverage.
 *
 * A stretch is described with one base, so it is cut where the base a
 * restore uses changes (a newer full inside the coverage, stretch-parts.ts):
 * each part names the base start-for.ts picks for every moment in it, never
 * one newer than the part's first moment, and the chain plan_restore gives
 * for the moment shown.
 */
import type { RestorePoints, Start } from "./points.js";
import { startFor } from "./start-for.js";
import { nearestParts, type Stretch } from "./stretch-parts.js";
import type { SuspectBase } from "./suspect.js";
import { costOf } from "./choose.js";
import { isoSeconds } from "../util/format.js";
import { byAt } from "../util/sorted.js";

const NEARBY_COUNT = 3;

export interface RestorablePoint {
  /** The reachable moment nearest the target (a stretch's end before it, its start after it). */
  point: string;
  /** Set when binary logs make every moment from..to restorable, not just `point`. */
  range?: { from: string; to: string; to_latest: boolean };
  /** The chain that reaches `point`; its base is the one for every moment of `range`. */
  base: { id: string; type: string; point_in_time: string };
  incrementals: number;
  binlogs: number;
  /** Set when only a suspect base (suspect.ts) reaches these moments. */
  suspect_base?: true;
}

export interface NearbyPoints {
  before: RestorablePoint[];
  after: RestorablePoint[];
}

/** Every start's [own point, reach], joined where they overlap; oldest first. */
function stretches(starts: readonly Start[]): Stretch[] {
  const sorted = [...starts].sort(byAt);
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
  suspects: readonly SuspectBase[],
  target: number,
  count = NEARBY_COUNT,
): NearbyPoints {
  const all = stretches(points.starts);
  const newest = all.at(-1)?.to;
  const describe = (at: number, part: Stretch): RestorablePoint | undefined =>
    described(points, suspects, at, part, newest);
  const before: RestorablePoint[] = [];
  const after: RestorablePoint[] = [];
  for (let i = all.length - 1; i >= 0 && before.length < count; i -= 1) {
    const s = all[i];
    if (s === undefined || s.from > target) continue;
    // A stretch holding the target would make it reachable; cap it anyway so nothing past it is offered.
    const capped = { from: s.from, to: Math.min(s.to, target) };
    for (const part of nearestParts(points, suspects, capped, count - before.length, true)) {
      const p = describe(part.to, part);
      if (p !== undefined) before.push(p);
    }
  }
  for (const s of all) {
    if (after.length >= count) break;
    if (s.from <= target) continue;
    for (const part of nearestParts(points, suspects, s, count - after.length, false)) {
      const p = describe(part.from, part);
      if (p !== undefined) after.push(p);
    }
  }
  return { before, after };
}

function described(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  at: number,
  part: Stretch,
  newest: number | undefined,
): RestorablePoint | undefined {
  const choice = startFor(points, suspects, at);
  if (choice === undefined) return undefined; // Cannot happen: every moment of a part is reachable.
  const { start } = choice;
  const cost = costOf(start, points.binlogs, at);
  return {
    point: isoSeconds(at),
    ...(part.to > part.from && {
      range: {
        from: isoSeconds(part.from),
        to: isoSeconds(part.to),
        to_latest: part.to === newest,
      },
    }),
    base: { id: start.base.id, type: start.base.type, point_in_time: isoSeconds(start.base.at) },
    incrementals: cost.incrementals,
    binlogs: cost.binlogs,
    ...(choice.note?.unavoidable === true && { suspect_base: true as const }),
  };
}
