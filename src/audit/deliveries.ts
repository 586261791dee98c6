/**
 * schedules_deliver: whether each active recurring schedule ran when its cron
 * said, and the findings for those that did not (missed_runs for a schedule
 * that stopped, never_produced for one that never ran since its creation).
 */
import { shownId } from "../api/records.js";
import { isoSeconds, utcMinutes } from "../util/format.js";
import { cadence, EARLY_MS, type RunCheck } from "./expected-runs.js";
import type { Draft, RuleContext } from "./findings.js";
import type { ScheduleFacts } from "./schedule-facts.js";

/** Binlog backups are frequent and light: one late run is jitter, two in a row is silence. */
const BINLOG_MISSES = 2;

/** " #12", the way schedules are named in messages. */
export const scheduleRef = (s: ScheduleFacts): string =>
  s.id === undefined && s.unusable_id === undefined ? "" : ` #${shownId(s)}`;
export const scheduleIds = (list: readonly ScheduleFacts[]): number[] =>
  list.flatMap((s) => (s.id === undefined ? [] : [s.id]));

export interface Late {
  schedule: ScheduleFacts;
  check: RunCheck;
  /** The schedule was changed after its creation and is judged from then only. */
  changedMs?: number;
  /** The newest run: the newest delivered fire, else the newest backup of the type. */
  lastRun?: number;
  /** Where judging began. */
  fromMs: number;
  never: boolean;
}

/** Where a schedule is judged from: its creation or change, the window, the listed history. */
export function judgedFrom(ctx: RuleContext, s: ScheduleFacts, floor: number | undefined): number {
  const changed = isChanged(s);
  return Math.max(
    ctx.windowStart + EARLY_MS,
    s.createdMs ?? -Infinity,
    changed ? (s.updatedMs ?? -Infinity) : -Infinity,
    floor ?? -Infinity,
  );
}

const isChanged = (s: ScheduleFacts): boolean =>
  s.updatedMs !== undefined && s.updatedMs > (s.createdMs ?? -Infinity);

/**
 * A schedule's misses as a Late, or undefined when it delivers. `floor`: its type's oldest
 * listed start that no once schedule made (older runs may have been expired by retention).
 * `newest`: the type's newest successful start that no once schedule made, when the schedule is
 * the only one of its type (with siblings a backup of the type may be theirs).
 */
export function lateness(
  ctx: RuleContext,
  s: ScheduleFacts,
  check: RunCheck,
  judged: { fromMs: number; floor: number | undefined; newest: number | undefined; alone: boolean },
): Late | undefined {
  if (check.missed < (s.type === "binarylog" ? BINLOG_MISSES : 1)) return undefined;
  const { fromMs, floor, newest } = judged;
  // "Never" only when the schedule was created inside the listed history: before it, runs may
  // have been expired by retention, so all that can be said is "none listed since".
  const created = s.createdMs;
  const never =
    check.lastDelivered === undefined &&
    created !== undefined &&
    created >= (floor ?? -Infinity) - EARLY_MS &&
    (judged.alone
      ? newest === undefined || newest < created
      : created + EARLY_MS >= ctx.windowStart);
  const lastRun = check.lastDelivered ?? newest;
  return {
    schedule: s,
    check,
    never,
    fromMs,
    ...(isChanged(s) && { changedMs: s.updatedMs }),
    ...(lastRun !== undefined && { lastRun }),
  };
}

/**
 * Findings for the schedules that went silent or failing. Misses that are all failed runs get
 * no line here when a failing streak of their type (`covered`) already names them.
 */
export function deliveryFindings(
  flagged: readonly Late[],
  covered: (type: string) => boolean,
  window: { windowStart: number; lookbackDays: number; nowMs: number },
): Draft[] {
  const { windowStart, lookbackDays, nowMs } = window;
  const label = (f: Late): string =>
    `${cadence(f.schedule.schedule, nowMs)} ${f.schedule.type}${scheduleRef(f.schedule)}`;
  const drafts: Draft[] = [];
  const silent = flagged.filter((f) => f.check.silent > 0 || !covered(f.schedule.type));
  const never = silent.filter((f) => f.never);
  const missed = silent.filter((f) => !f.never);
  if (never.length > 0) {
    const parts = never.map((f) => {
      const created = f.schedule.createdMs;
      const since =
        f.changedMs !== undefined
          ? `its change ${utcMinutes(f.changedMs)}`
          : created !== undefined
            ? `its creation ${utcMinutes(created)}`
            : "the window start";
      return `${label(f)} has produced no backup since ${since} (${runs(f, "due")})`;
    });
    const message = `${parts.join("; ")}; check the schedule (list_backup_schedules) and the service.`;
    drafts.push({
      severity: "warning",
      kind: "never_produced",
      message,
      count: total(never),
      schedule_ids: scheduleIds(never.map((f) => f.schedule)),
    });
  }
  if (missed.length > 0) {
    // Without any run of its type in view, only "none listed since" the oldest time judged is known.
    const since = (f: Late): string =>
      f.lastRun !== undefined
        ? `since ${utcMinutes(f.lastRun)}`
        : f.fromMs <= windowStart + EARLY_MS
          ? `none in ${lookbackDays} days`
          : `with none listed since ${utcMinutes(f.fromMs)}`;
    const judged = (f: Late): string =>
      f.changedMs === undefined ? "" : `, judged since its change ${utcMinutes(f.changedMs)}`;
    const [one] = missed;
    const message =
      missed.length === 1 && one !== undefined
        ? `${label(one)} has produced nothing ${since(one)} (${runs(one, "missed")}${judged(one)}); find why (list_backup_schedules).`
        : `Not producing: ${missed.map((f) => `${label(f)} ${since(f)} (${runs(f, "missed", false)}${judged(f)})`).join(", ")}; find why (list_backup_schedules).`;
    const last = missed.map((f) => f.lastRun).filter((v) => v !== undefined);
    drafts.push({
      severity: "warning",
      kind: "missed_runs",
      message,
      count: total(missed),
      schedule_ids: scheduleIds(missed.map((f) => f.schedule)),
      ...(last.length > 0 && { since: isoSeconds(Math.min(...last)) }),
    });
  }
  return drafts;
}

/** "3 runs missed", "at least 500 runs due", "2 runs missed, 1 failed"; in a list of several, "3 missed". */
const runs = (f: Late, what: string, noun = true): string => {
  const { missed, silent, atLeast } = f.check;
  const failed = missed - silent;
  const runWord = noun ? ` run${missed === 1 ? "" : "s"}` : "";
  const n = `${atLeast ? "at least " : ""}${missed}${runWord} ${what}`;
  return failed > 0 ? `${n}, ${failed} failed` : n;
};
const total = (list: readonly Late[]): number => list.reduce((sum, f) => sum + f.check.missed, 0);
