/**
 * plan_restore's engine: pure, given a service's backups, a target moment
 * and the clock. It never restores; it says whether the target is
 * reachable, which backups to apply in which order, and if not, why and
 * which moments nearby are reachable.
 *
 * The chain for a reachable target T: a base whose point is at or before T,
 * a prefix of its successful incrementals (oldest first), then the binlog
 * backups after the last of those through the first whose point_in_time is
 * >= T. Among the valid chains the one with the fewest steps and the least
 * log replay wins (chooseStart), a suspect base passed over (startFor,
 * which the nearby points ask too); a long one is said to be long.
 */
import { isFinishedRestore, type Backup, type Restore } from "../api/records.js";
import {
  FUTURE_SKEW_MS,
  RestoreFacts,
  binlogsFor,
  costOf,
  dumpRuleNote,
  longRestore,
  DEFAULT_MAX_AGE_HOURS,
  BaseSizes,
  latestStart,
  startFor,
  type FutureRecord,
  type Known,
  type RestorePoints,
  type Start,
  type SuspectBase,
  type SuspectNote,
} from "./model.js";
import { isoSeconds, utcSeconds, utcWindow, ageText } from "../util/format.js";
import { byAt } from "../util/sorted.js";
import { hoursBetween, parseApiTime } from "../util/time.js";
import { quoted } from "../util/untrusted-text.js";

type StepRole = "base" | "incremental" | "binlog";

export interface RestoreStep {
  role: StepRole;
  type: string;
  id: string;
  point_in_time: string;
}

export interface RestorePlan {
  restorable: boolean;
  /** The moment asked for (for "latest", the newest reachable one); absent when nothing is reachable. */
  target_time?: string;
  latest: boolean;
  /** Exactly where the chain leaves the database (equals target_time when restorable). */
  point?: string;
  chain: RestoreStep[];
  reason?: RestoreReason;
  /** Set when the chosen chain makes a long restore (many incrementals or binlogs). */
  long_restore?: string;
  /** Set when preferring a physical base over a dump (or not) decided the chain. */
  base_choice?: string;
  /** For "latest": how old the newest restorable point is, in hours (one decimal). */
  latest_age_hours?: number;
  nearest_before?: string;
  nearest_after?: string;
  /** When not restorable: the exact reachable moments nearest the target, newest first. */
  points_before?: RestorablePoint[];
  /** ... and after it, oldest first. */
  points_after?: RestorablePoint[];
  /** A suspect base (0 bytes, or far under its type's median) passed over, or used for want of another. */
  suspect_base?: SuspectNote;
  /** Successful records dated beyond now: never a point, so none of the above; the newest named. */
  future_records?: { count: number; newest: { id?: string; type: string; time: string } };
}

export type Target = number | "latest";

/** A latest point older than this is warned about: the audit's default recovery-point target. */
const OLD_LATEST_HOURS = DEFAULT_MAX_AGE_HOURS;

/** A target after `now` cannot be planned: the backups that would reach it do not exist yet. */
export function futureTargetProblem(target: Target, nowMs: number): string | undefined {
  if (target === "latest" || target <= nowMs) return undefined;
  return `target_time ${utcSeconds(target)} is in the future (now ${utcSeconds(nowMs)}); pass a past moment or "latest"`;
}

export function planRestore(
  backups: Iterable<Backup>,
  target: Target,
  nowMs: number,
  /** When restores replaced the service's data (restoredAtOf): timelines binlogs never cross. */
  restoredAt: readonly number[] = [],
): RestorePlan {
  const problem = futureTargetProblem(target, nowMs);
  if (problem !== undefined) throw new RangeError(problem);
  const facts = new RestoreFacts(nowMs);
  for (const at of restoredAt) facts.addTimelineBreak(at);
  const sizes = new BaseSizes(nowMs + FUTURE_SKEW_MS);
  for (const backup of backups) {
    facts.add(backup);
    sizes.add(backup);
  }
  const points = facts.points();
  const suspects = sizes.suspects();
  const future = futureNote(facts.futureCount, facts.firstFuture);
  if (target !== "latest") return { ...planFor(points, suspects, target, false), ...future };
  const newest = latestStart(points, suspects);
  if (newest === undefined) {
    return {
      restorable: false,
      latest: true,
      chain: [],
      reason: whyUnreachable(points, undefined),
      ...future,
    };
  }
  const ageHours = hoursBetween(Math.min(newest.at, nowMs), nowMs);
  // Its own note: a suspect base reaching past the newest trusted point was passed over.
  const plan = planFor(points, suspects, newest.at, true, newest.note);
  return { ...plan, latest_age_hours: ageHours, ...future };
}

function futureNote(
  count: number,
  first: FutureRecord | undefined,
): Pick<RestorePlan, "future_records"> {
  if (count === 0 || first === undefined) return {};
  const newest = { ...(first.id !== undefined && { id: first.id }), type: first.type };
  return { future_records: { count, newest: { ...newest, time: isoSeconds(first.at) } } };
}

function planFor(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  target: number,
  latest: boolean,
  latestNote?: SuspectNote,
): RestorePlan {
  const chosen = startFor(points, suspects, target);
  if (chosen !== undefined) {
    const { start, among } = chosen;
    const cost = costOf(start, points.binlogs, target);
    const long = longRestore(cost);
    const choice = dumpRuleNote({ start, cost }, among, points.binlogs, target);
    const note = latestNote ?? chosen.note;
    return {
      restorable: true,
      target_time: isoSeconds(target),
      latest,
      point: isoSeconds(target),
      chain: chainOf(start, points.binlogs, target),
      ...(long !== undefined && { long_restore: long }),
      ...(choice !== undefined && { base_choice: choice }),
      ...(note !== undefined && { suspect_base: note }),
    };
  }
  const best = points.starts.filter((s) => s.at <= target).at(-1);
  const near = nearbyPoints(points, suspects, target);
  const before = near.before[0]?.point;
  const after = near.after[0]?.point;
  return {
    restorable: false,
    target_time: isoSeconds(target),
    latest,
    chain: [],
    reason: whyUnreachable(points, best && { from: best.at, to: target }),
    ...(before !== undefined && { nearest_before: before }),
    ...(after !== undefined && { nearest_after: after }),
    points_before: near.before,
    points_after: near.after,
  };
}

function chainOf(start: Start, binlogs: readonly Known[], target: number): RestoreStep[] {
  return [
    step("base", start.base),
    ...start.incrementals.map((inc) => step("incremental", inc)),
    ...binlogsFor(start, binlogs, target).map((binlog) => step("binlog", binlog)),
  ];
}

function step(role: StepRole, known: Known): RestoreStep {
  return { role, type: known.type, id: known.id, point_in_time: isoSeconds(known.at) };
}

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
 * restore uses changes (a newer full inside the coverage, partsOf):
 * each part names the base startFor picks for every moment in it, never
 * one newer than the part's first moment, and the chain plan_restore gives
 * for the moment shown.
 */
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
  /** Set when only a suspect base (BaseSizes) reaches these moments. */
  suspect_base?: true;
}

interface NearbyPoints {
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

function nearbyPoints(
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

/**
 * Why a target cannot be reached. The chain fails because binary-log
 * coverage is missing somewhere between the newest usable start and the
 * target; the answer names the uncovered stretch nearest the target, whole
 * (e.g. the full 10:00–16:00 gap, not just its part after the start), since
 * that is what a person can look up and act on.
 */
type ReasonKind = "no_base" | "no_binlogs" | "binlog_gap" | "binlogs_start" | "binlogs_end";

interface RestoreReason {
  kind: ReasonKind;
  /** A short phrase: "binary-log gap 2026-11-24 10:00–16:00 UTC". */
  message: string;
  /** The uncovered window, when there is one; `to` is absent when coverage never resumes. */
  from?: string;
  to?: string;
}

/** `span` runs from the newest start at or before the target to the target; undefined when there is none. */
function whyUnreachable(
  points: RestorePoints,
  span: { from: number; to: number } | undefined,
): RestoreReason {
  if (span === undefined) {
    return {
      kind: "no_base",
      message: "no successful full, snapshot or dump backup at or before the target",
    };
  }
  const { segments } = points;
  const first = segments[0];
  const last = segments.at(-1);
  if (first === undefined || last === undefined) {
    return {
      kind: "no_binlogs",
      message:
        "the service has no binary-log backups, so only the backups' own points are restorable",
    };
  }
  if (span.to > last.end) {
    return {
      kind: "binlogs_end",
      message: `binary logs are backed up only to ${utcSeconds(last.end)}`,
      from: isoSeconds(last.end),
    };
  }
  // The last hole between segments that overlaps (from, to].
  for (let i = segments.length - 1; i >= 1; i -= 1) {
    const gapFrom = segments[i - 1]?.end ?? 0;
    const gapTo = segments[i]?.start ?? 0;
    if (gapFrom < span.to && gapTo > span.from) {
      return {
        kind: "binlog_gap",
        message: `binary-log gap ${utcWindow(gapFrom, gapTo)}`,
        from: isoSeconds(gapFrom),
        to: isoSeconds(gapTo),
      };
    }
  }
  return {
    kind: "binlogs_start",
    message: `no binary-log backups cover ${utcWindow(span.from, first.start)}; they begin at ${utcSeconds(first.start)}`,
    from: isoSeconds(span.from),
    to: isoSeconds(first.start),
  };
}

/**
 * A stretch of restorable moments cut into parts that one base serves: a
 * restore to any moment of a part uses that part's base (startFor
 * decides it, as for plan_restore), so nearbyPoints can describe each part by
 * one base, never one newer than the part's first moment.
 */
interface Stretch {
  from: number;
  to: number;
}

/** API times are whole seconds: the moments between two points are named a second inside them. */
const SECOND = 1000;

interface Span extends Stretch {
  /** True for a start's own point, false for the moments after it up to the next one. */
  exact: boolean;
  /** The bases of the starts at the point this span is or follows. */
  bases: readonly string[];
}

/**
 * The `count` parts of a stretch nearest one of its ends (its newest when
 * `fromEnd`), nearest first, each whole. Asks about as many start points
 * as it must, from that end: a base with years of incrementals behind the
 * nearest few parts costs nothing.
 */
function nearestParts(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  stretch: Stretch,
  count: number,
  fromEnd: boolean,
): Stretch[] {
  // Only the starts inside a stretch reach into it: choosing among them alone is the same choice, cheaper.
  const inside = points.starts.filter((s) => s.at >= stretch.from && s.at <= stretch.to);
  const local = { ...points, starts: inside };
  const basesAt = new Map<number, string[]>();
  for (const s of inside) basesAt.set(s.at, [...(basesAt.get(s.at) ?? []), s.base.id]);
  const marks = [...basesAt.keys()].sort((a, b) => a - b);
  for (let size = 2 * (count + 1); ; size *= 2) {
    const whole = size >= marks.length;
    const first = whole || !fromEnd ? 0 : marks.length - size;
    const last = whole || fromEnd ? marks.length : size;
    const spans = spansOf(marks, basesAt, first, last, stretch.to);
    const found = partsOf(local, suspects, spans);
    // The part at the window's inner edge may run on past it: it is whole only when the window is.
    const sure = whole ? found : fromEnd ? found.slice(1) : found.slice(0, -1);
    if (whole || sure.length >= count) return (fromEnd ? sure.reverse() : sure).slice(0, count);
  }
}

/**
 * The spans of marks[first..last), oldest first: each start point (a chain
 * restores there without a binlog, which may win it that moment alone),
 * and the moments after it up to the next one. Between two start points no
 * start joins or leaves (every start in a stretch reaches its end) and each
 * chain's binlog count grows alike as the moment moves, so the choice made
 * at a span's first moment holds for all of it.
 */
function spansOf(
  marks: readonly number[],
  basesAt: ReadonlyMap<number, readonly string[]>,
  first: number,
  last: number,
  end: number,
): Span[] {
  const out: Span[] = [];
  for (let i = first; i < last; i += 1) {
    const mark = marks[i] ?? end;
    const bases = basesAt.get(mark) ?? [];
    out.push({ from: mark, to: mark, exact: true, bases });
    const next = marks[i + 1];
    const from = Math.min(mark + SECOND, end);
    const to = next === undefined ? end : next - SECOND;
    if (from > mark && from <= to) out.push({ from, to, exact: false, bases });
  }
  return out;
}

/**
 * Spans joined where one base serves them, oldest first. The starts at a
 * point join the ones before it, whose order among themselves stays as it
 * was, so only one of them can take the choice there or after: when all
 * are on the base chosen just before, that base holds without asking again.
 */
function partsOf(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  spans: readonly Span[],
): Stretch[] {
  const out: (Stretch & { base: string })[] = [];
  /** The base chosen between the last two start points; undefined where not asked. */
  let settled: string | undefined;
  let previousExact = false;
  for (const span of spans) {
    // A point with no moment between it and the one before: the choice between them was never asked.
    if (span.exact && previousExact) settled = undefined;
    const holds = settled !== undefined && span.bases.every((b) => b === settled);
    const base = holds ? settled : startFor(points, suspects, span.from)?.start.base.id;
    if (!span.exact) settled = base;
    previousExact = span.exact;
    if (base === undefined) continue; // Cannot happen: every moment of a stretch is some start's reach.
    const part = out.at(-1);
    if (part !== undefined && part.base === base) part.to = span.to;
    else out.push({ from: span.from, to: span.to, base });
  }
  return out.map(({ from, to }) => ({ from, to }));
}

/**
 * What plan_restore says about a restore target: whether the API lists it
 * as eligible for the plan's base backup, whether it is the source itself,
 * what a restore would do to it, and the restores already running there.
 * Pure: the reads are done by the tool; this only words the facts, so the
 * preview of a real restore can say the same things the same way.
 */
/** What the reads found; `undefined` means the read could not tell (failed, or nothing to look up). */
export interface TargetFacts {
  sourceId: string;
  targetId: string;
  targetName?: string;
  /** The target is in the lookup's list for the plan's base backup. */
  eligible?: boolean;
  /** Why eligibility is unknown: the lookup failed, or the plan has no backup to look up. */
  eligibilityNote?: string;
  /** The target's restores as listed (any status); undefined when the list could not be read. */
  restores?: readonly Restore[];
  restoresNote?: string;
}

interface RunningRestore {
  id?: number;
  backup_id?: string;
  created_at?: string;
}

export interface TargetReport {
  service_id: string;
  service_name?: string;
  is_source: boolean;
  /** Absent when it could not be looked up (see `notes`). */
  eligible?: boolean;
  /** Absent when the target's restores could not be read. */
  running_restores?: RunningRestore[];
  /** What a restore into it would do. */
  effects: string[];
  notes?: string[];
  /** True only when nothing known stands in the way: eligible and nothing running there. */
  ready: boolean;
}

export function targetReport(facts: TargetFacts): TargetReport {
  const isSource = facts.targetId === facts.sourceId;
  const running = facts.restores
    // Fail closed: a status not known to be finished (Scheduled, one never seen) blocks too.
    ?.filter((r) => !isFinishedRestore(r))
    .map((r): RunningRestore => ({
      ...(r.id !== undefined && { id: r.id }),
      ...(r.backup_id !== undefined && { backup_id: r.backup_id }),
      ...(r.created_at !== undefined && { created_at: r.created_at }),
    }));
  const notes = [facts.eligibilityNote, facts.restoresNote].filter(
    (n): n is string => n !== undefined,
  );
  const label = facts.targetName === undefined ? facts.targetId : quoted(facts.targetName);
  return {
    service_id: facts.targetId,
    ...(facts.targetName !== undefined && { service_name: facts.targetName }),
    is_source: isSource,
    ...(facts.eligible !== undefined && { eligible: facts.eligible }),
    ...(running !== undefined && { running_restores: running }),
    effects: [
      `erases all data in ${label}`,
      "stops it while restoring",
      `replaces its login with the credentials of the source ${facts.sourceId}`,
    ],
    ...(notes.length > 0 && { notes }),
    ready: facts.eligible === true && running !== undefined && running.length === 0,
  };
}

const nameOf = (f: Pick<TargetFacts, "targetId" | "targetName">): string =>
  f.targetName === undefined ? f.targetId : `${f.targetId} (${quoted(f.targetName)})`;

/** The lines plan_restore appends to its plan. */
export function targetText(report: TargetReport): string[] {
  const label = nameOf({ targetId: report.service_id, targetName: report.service_name });
  const lines = [`Target ${label}: ${verdict(report)}`];
  if (report.is_source) {
    lines.push(
      "It is the source itself: a restore overwrites the source's current data; create_restore then needs overwrite_source: true.",
    );
  }
  for (const r of report.running_restores ?? []) {
    const since = r.created_at === undefined ? "" : ` since ${r.created_at}`;
    lines.push(
      `Restore ${String(r.id ?? "?")} is running on it${since}: no second restore until it ends (or cancel it).`,
    );
  }
  lines.push(`A restore into it ${report.effects.join("; ")}.`);
  for (const note of report.notes ?? []) lines.push(`Note: ${note}.`);
  return lines;
}

function verdict(r: TargetReport): string {
  if (r.eligible === false) {
    return "NOT eligible: the API does not list it as a target for this backup (e.g. another cloud provider).";
  }
  const busy = (r.running_restores?.length ?? 0) > 0;
  if (r.eligible === undefined) return busy ? "eligibility unknown; busy." : "eligibility unknown.";
  return busy ? "eligible, but a restore is running there." : "eligible.";
}

/** plan_restore's text: the verdict on the first line, then one line per backup to apply. */
const readable = (iso: string | undefined): string => {
  const ms = parseApiTime(iso);
  return ms === undefined ? "?" : utcSeconds(ms);
};

const ROLE_LABEL: Record<RestoreStep["role"], string> = {
  base: "base",
  incremental: "then",
  binlog: "replay",
};

export function planText(serviceId: string, plan: RestorePlan, scanned?: number): string {
  if (scanned === 0) {
    return `Not restorable: ${serviceId} has no backups yet, so there is nothing to restore from.`;
  }
  const lines = [verdictLine(serviceId, plan)];
  const age = plan.latest_age_hours;
  if (plan.restorable && age !== undefined && age > OLD_LATEST_HOURS) {
    lines.push(
      `Warning: the latest restorable point is ${ageText(age)} old (over ${OLD_LATEST_HOURS}h): everything written since is lost.`,
    );
  }
  plan.chain.forEach((step, i) => {
    lines.push(
      `${i + 1}. ${ROLE_LABEL[step.role]} ${step.type} · point ${readable(step.point_in_time)} · id=${step.id}`,
    );
  });
  const future = plan.future_records;
  if (future !== undefined) {
    const n = future.newest;
    lines.push(
      `Warning: ${count(future.count, "successful backup")} dated in the future ignored (newest: ${n.type}${n.id === undefined ? "" : ` id=${n.id}`} at ${readable(n.time)}): a clock or import error; none is a restore point.`,
    );
  }
  const suspect = plan.suspect_base;
  if (suspect) lines.push(`${suspect.unavoidable ? "Warning" : "Note"}: ${suspect.message}.`);
  if (plan.long_restore) lines.push(`Note: ${plan.long_restore}.`);
  if (plan.base_choice) lines.push(`Note: ${plan.base_choice}.`);
  if (!plan.restorable) {
    const before = plan.points_before ?? [];
    const after = plan.points_after ?? [];
    if (before.length > 0) lines.push(`Restorable before: ${before.map(pointText).join("; ")}`);
    if (after.length > 0) lines.push(`Restorable after: ${after.map(pointText).join("; ")}`);
    const ranged = [...before, ...after].some((p) => p.range !== undefined);
    lines.push(
      before.length + after.length === 0
        ? "No restorable point exists: the service has no successful full, snapshot or dump backup."
        : ranged
          ? "Pass one of these moments as target_time for its chain."
          : "Each is an exact point; pass one as target_time for its chain.",
    );
  }
  return lines.join("\n");
}

/**
 * "2026-11-24 12:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental + 3 binlogs)"; a stretch
 * binlogs cover reads "any moment from A (chain) on, through binary logs" (after the target) or
 * "any moment from A to B (chain), through binary logs" (before it), the chain next to the moment it reaches.
 */
function pointText(p: RestorablePoint): string {
  // Said where it is read: only a suspect base reaches these moments (plan_restore warns the same).
  const suspect = p.suspect_base === true ? "suspect " : "";
  const parts = [`${suspect}${p.base.type} of ${readable(p.base.point_in_time)}`];
  if (p.incrementals > 0) parts.push(count(p.incrementals, "incremental"));
  if (p.binlogs > 0) parts.push(count(p.binlogs, "binlog"));
  const at = `${readable(p.point)} (${parts.join(" + ")})`;
  if (p.range === undefined) return at;
  if (p.range.to === p.point)
    return `any moment from ${readable(p.range.from)} to ${at}, through binary logs`;
  const end = p.range.to_latest ? "on" : `to ${readable(p.range.to)}`;
  return `any moment from ${at} ${end}, through binary logs`;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function verdictLine(serviceId: string, plan: RestorePlan): string {
  const target = readable(plan.target_time);
  if (plan.restorable) {
    const count = plan.chain.length;
    const age = plan.latest_age_hours;
    const old = age === undefined ? "" : `, ${ageText(age)} old`;
    const what = plan.latest ? `${target} (the latest restorable point${old})` : target;
    return `Restorable to ${what} using ${count} backup${count === 1 ? "" : "s"} of ${serviceId}, applied in this order:`;
  }
  const reason = plan.reason?.message ?? "no backup chain reaches it";
  if (plan.target_time === undefined) return `Not restorable: ${reason}`;
  return `Not restorable to ${target}: ${reason}`;
}
