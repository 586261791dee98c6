/**
 * Matches backups to the fires of all active schedules of one type at once.
 * A backup does not name its schedule, so two schedules of the same type
 * could both take credit for one backup (a working 02:00 full inside the
 * late window of a dead 01:00 one). Here each fire owns the stretch of time
 * nearest to it, up to the next fire of ANY schedule of the type, and a
 * backup counts for the one fire whose stretch it starts in.
 */
import { cronFires, type CronFires } from "../cron/fires.js";
import { EARLY_MS, LATE_CAP_MS, MAX_FIRES, type RunCheck, type Starts } from "./expected-runs.js";
import { firstReached } from "../util/sorted.js";

export interface Judged {
  cron: string;
  /** Fires older than this are not judged (creation, change, history floor). */
  fromMs: number;
}

/** Walks one schedule's fires from `untilMs` back to its `fromMs`, one fire ahead. */
class FireWalk {
  peek: number | undefined;
  steps = 0;
  /** prev() is strictly before: one past the newest fire that may be judged. */
  private cursor: number;
  constructor(
    private readonly fires: CronFires,
    untilMs: number,
    private readonly fromMs: number,
  ) {
    this.cursor = untilMs + 1;
    this.advance();
  }

  advance(): void {
    this.peek = undefined;
    // A few more than MAX_FIRES: the newest ones may still be due.
    if (this.steps >= MAX_FIRES + 4) return;
    this.steps += 1;
    const at = this.fires.prev(this.cursor);
    if (at === undefined || at < this.fromMs) return;
    this.peek = at;
    this.cursor = at;
  }
}

/**
 * One RunCheck per schedule, in input order; undefined for a cron that cannot be read. Fires are
 * walked newest first, all schedules of the type in step, and only until every schedule has met
 * its newest delivered fire, so a working schedule costs a few cron steps, not a window of them.
 */
export function matchFires(
  list: readonly Judged[],
  starts: Starts,
  untilMs: number,
): (RunCheck | undefined)[] {
  const checks: (RunCheck | undefined)[] = [];
  const walks: (FireWalk | undefined)[] = [];
  let next: number | undefined;
  for (const s of list) {
    const fires = cronFires(s.cron);
    if (fires === undefined) {
      checks.push(undefined);
      walks.push(undefined);
      continue;
    }
    // A cron with no next fire still has past ones to judge.
    const later = fires.next(untilMs);
    const walk = new FireWalk(fires, untilMs, s.fromMs);
    if (later !== undefined && (next === undefined || later < next)) next = later;
    checks.push({ missed: 0, silent: 0, atLeast: false });
    walks.push(walk);
  }
  const open = new Set(walks.flatMap((w, who) => (w ? [who] : [])));
  while (open.size > 0) {
    const at = newestPeek(walks);
    if (at === undefined) break;
    const group: number[] = [];
    for (const [who, w] of walks.entries()) {
      if (w?.peek === at) {
        group.push(who);
        w.advance();
      }
    }
    const prev = newestPeek(walks);
    const lo = at - (prev === undefined ? EARLY_MS : Math.min(EARLY_MS, (at - prev) / 2));
    const hi = Math.min(
      at + LATE_CAP_MS,
      next === undefined ? Infinity : next - Math.min(EARLY_MS, (next - at) / 2),
    );
    next = at;
    // Still due: its run may yet start.
    if (hi > untilMs) continue;
    let delivered = countWithin(starts.delivered, lo, hi);
    let failed = countWithin(starts.attempted, lo, hi) - delivered;
    for (const who of group) {
      const check = checks[who];
      const got = delivered > 0 ? "delivered" : failed > 0 ? "failed" : "silent";
      if (got === "delivered") delivered -= 1;
      else if (got === "failed") failed -= 1;
      if (check === undefined || !open.has(who)) continue;
      if (got === "delivered") {
        check.lastDelivered = at;
        open.delete(who);
        continue;
      }
      check.missed += 1;
      if (got === "silent") check.silent += 1;
      if (check.missed >= MAX_FIRES) {
        check.atLeast = true;
        open.delete(who);
      }
    }
  }
  return checks;
}

function newestPeek(walks: readonly (FireWalk | undefined)[]): number | undefined {
  let at: number | undefined;
  for (const w of walks)
    if (w?.peek !== undefined && (at === undefined || w.peek > at)) at = w.peek;
  return at;
}

/** How many values of a sorted list lie in [from, to). */
function countWithin(sorted: readonly number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(sorted: readonly number[], value: number): number {
  return firstReached(sorted.length, (i) => (sorted[i] ?? Infinity) >= value);
}
