/**
 * Matches backups to the fires of all active schedules of one type at once.
 * A backup does not name its schedule, so two schedules of the same type
 * could both take credit for one backup (a working 02:00 full inside the
 * late window of a dead 01:00 one). Here each fire owns the stretch of time
 * nearest to it, up to the next fire of ANY schedule of the type, and a
 * backup counts for the one fire whose stretch it starts in.
 */
import { checkCron } from "../cron/parse.js";
import { EARLY_MS, LATE_CAP_MS, MAX_FIRES, type RunCheck, type Starts } from "./expected-runs.js";

export interface Judged {
  cron: string;
  /** Fires older than this are not judged (creation, change, history floor). */
  fromMs: number;
}

interface Fire {
  at: number;
  who: number;
  /** A fire after `untilMs`: it only bounds the stretch of the fire before it. */
  future: boolean;
}

type Outcome = "delivered" | "failed" | "silent";

/** One RunCheck per schedule, in input order; undefined for a cron that cannot be read. */
export function matchFires(
  list: readonly Judged[],
  starts: Starts,
  untilMs: number,
): (RunCheck | undefined)[] {
  const fires: Fire[] = [];
  const intervals: number[] = [];
  const capped: boolean[] = [];
  const readable = list.map((s, who) => {
    const back = checkCron(s.cron, new Date(untilMs + 1));
    const ahead = checkCron(s.cron, new Date(untilMs));
    if (!back.ok || !ahead.ok) return false;
    let later = Infinity;
    try {
      later = ahead.expression.next().getTime();
      fires.push({ at: later, who, future: true });
    } catch {
      // A cron with no next fire still has past ones to judge.
    }
    intervals[who] = 0;
    capped[who] = false;
    // A few more than MAX_FIRES: the newest ones may still be due.
    for (let n = 0; ; n += 1) {
      if (n >= MAX_FIRES + 4) {
        capped[who] = true;
        break;
      }
      let at: number;
      try {
        at = back.expression.prev().getTime();
      } catch {
        break;
      }
      if (n === 0 && Number.isFinite(later)) intervals[who] = later - at;
      if (at < s.fromMs) break;
      fires.push({ at, who, future: false });
    }
    return true;
  });
  fires.sort((a, b) => a.at - b.at || a.who - b.who);
  const outcome = new Map<Fire, Outcome>();
  const times = [...new Set(fires.map((f) => f.at))];
  let i = 0;
  for (const [k, at] of times.entries()) {
    const group: Fire[] = [];
    while (i < fires.length && fires[i]?.at === at) group.push(fires[i++] as Fire);
    const prev = times[k - 1];
    const next = times[k + 1];
    const lo = at - (prev === undefined ? EARLY_MS : Math.min(EARLY_MS, (at - prev) / 2));
    const hi = Math.min(
      at + LATE_CAP_MS,
      next === undefined ? Infinity : next - Math.min(EARLY_MS, (next - at) / 2),
    );
    // Still due: its run may yet start.
    if (hi > untilMs) continue;
    let delivered = countWithin(starts.delivered, lo, hi);
    let failed = countWithin(starts.attempted, lo, hi) - delivered;
    for (const f of group) {
      if (f.future) continue;
      if (delivered > 0) {
        delivered -= 1;
        outcome.set(f, "delivered");
      } else if (failed > 0) {
        failed -= 1;
        outcome.set(f, "failed");
      } else outcome.set(f, "silent");
    }
  }
  const checks: RunCheck[] = list.map((_, who) => ({
    missed: 0,
    silent: 0,
    atLeast: false,
    intervalMs: intervals[who] ?? 0,
  }));
  const done = new Set<number>();
  // Newest first: a schedule's misses count back to its newest delivered fire.
  for (let j = fires.length - 1; j >= 0; j -= 1) {
    const f = fires[j] as Fire;
    const o = outcome.get(f);
    const check = checks[f.who] as RunCheck;
    if (o === undefined || done.has(f.who)) continue;
    if (o === "delivered") {
      check.lastDelivered = f.at;
      done.add(f.who);
      continue;
    }
    check.missed += 1;
    if (o === "silent") check.silent += 1;
    if (check.missed >= MAX_FIRES) {
      check.atLeast = true;
      done.add(f.who);
    }
  }
  for (const [who, check] of checks.entries())
    if (capped[who] && !done.has(who) && check.missed >= MAX_FIRES) check.atLeast = true;
  return checks.map((c, who) => (readable[who] ? c : undefined));
}

/** How many values of a sorted list lie in [from, to). */
export function countWithin(sorted: readonly number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
