/**
 * A stretch of restorable moments cut into parts that one base serves: a
 * restore to any moment of a part uses that part's base (start-for.ts
 * decides it, as for plan_restore), so nearby.ts can describe each part by
 * one base, never one newer than the part's first moment.
 */
import type { RestorePoints } from "./points.js";
import { startFor } from "./start-for.js";
import type { SuspectBase } from "./suspect.js";

export interface Stretch {
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
export function nearestParts(
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
