/**
 * Backups that succeeded but cannot be trusted: the one rule the audit and
 * the planner share, so the audit's warning and plan_restore's choice of
 * base always agree.
 *
 * Which chain a restore uses when a base is suspect is start-for.ts's rule.
 *
 * A successful base (full, snapshot or dump) is suspect when it reports 0
 * bytes, or when it is more than SUSPECT_SHRINK_PERCENT smaller than the
 * median of the bases of the same type before it. Sizes are compared like
 * with like: the same type and the same size field (backup_size, else
 * storage_bytes), because a snapshot stores a fraction of its size and a
 * dump is a different thing from a physical copy. A base that reports no
 * size at all is never judged: a missing field is not an empty backup.
 *
 * Growth is the other way round and costs money, not restores: the newest
 * base more than GROWTH_FACTOR times the size of the same type's base a
 * week earlier.
 *
 * State is bounded whatever the history: per type and field, the
 * BASES_KEPT newest bases and the newest base of each of the last
 * GROWTH_DAYS + 1 days. Backups may arrive in any order; what is kept in
 * the end is the same.
 */
import { isBaseType, type Backup } from "../api/records.js";
import { DAY_MS } from "../util/time.js";
import { formatBytes, isoSeconds, utcMinutes } from "../util/format.js";
import { BackupReading } from "./facts.js";
import { ascending } from "../util/sorted.js";

/** A base more than this much smaller than its type's median is suspect (percent). */
export const SUSPECT_SHRINK_PERCENT = 80;
/** Earlier bases of the type a median needs; with fewer, only the 0-byte rule applies. */
const MEDIAN_MIN_BASES = 3;
/** The median is of at most this many bases immediately before the one judged. */
const MEDIAN_OF_BASES = 7;
/** Newest base over this many times the size of the one a week earlier is runaway growth. */
export const GROWTH_FACTOR = 3;
const GROWTH_DAYS = 7;
/** Newest bases kept per type and field: the newest five are judged against a full median. */
const BASES_KEPT = MEDIAN_OF_BASES + 5;

export interface SizeRules {
  /** Percent (1-99): a base this much smaller than the median is suspect. */
  shrinkPercent: number;
  /** A newest base over this many times the size of the one a week earlier is growth. */
  growthFactor: number;
}

export const DEFAULT_SIZE_RULES: SizeRules = {
  shrinkPercent: SUSPECT_SHRINK_PERCENT,
  growthFactor: GROWTH_FACTOR,
};

type SizeField = "backup_size" | "storage_bytes";

interface Sized {
  id: string;
  type: string;
  field: SizeField;
  at: number;
  bytes: number;
}

export interface SuspectBase {
  id: string;
  type: string;
  field: SizeField;
  /** Its point, ms. */
  at: number;
  bytes: number;
  /** Absent for a 0-byte base with too little history for a median. */
  median?: { bytes: number; of: number };
}

export interface Growth {
  type: string;
  field: SizeField;
  from: { id: string; at: number; bytes: number };
  to: { id: string; at: number; bytes: number };
  /** to / from, one decimal. */
  factor: number;
}

/** The size a base is judged by: backup_size (what it holds), else storage_bytes; undefined when neither is sent. */
function sizeOf(backup: Backup): { bytes: number; field: SizeField } | undefined {
  for (const field of ["backup_size", "storage_bytes"] as const) {
    const value = backup[field];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0)
      return { bytes: value, field };
  }
  return undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort(ascending);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The sizes of a service's successful bases, as few as the rules need. */
export class BaseSizes {
  /** Per "type field": the newest BASES_KEPT bases, oldest first. */
  private readonly newest = new Map<string, Sized[]>();
  /** Per "type field": day number -> the newest base of that day, for the last GROWTH_DAYS + 1 days. */
  private readonly daily = new Map<string, Map<number, Sized>>();

  /** `latestMs`: a base whose point is later is from the future (clock skew, a bad import), never judged. */
  constructor(private readonly latestMs: number) {}

  private readonly reading = new BackupReading();

  add(backup: Backup): void {
    this.addRead(this.reading.read(backup), backup);
  }

  /** add(), for a backup whose facts are already read (the audit reads each once for all). */
  addRead(read: BackupReading, backup: Backup): void {
    const { type, id, point: at } = read;
    if (!isBaseType(type) || read.outcome !== "succeeded") return;
    // Only what a restore could start from is judged: a base with an id and a point, not from the future.
    if (id === undefined || Number.isNaN(at) || at > this.latestMs) return;
    const size = sizeOf(backup);
    if (size === undefined) return;
    const base: Sized = { id, type, at, ...size };
    const key = `${type} ${size.field}`;
    const list = this.newest.get(key) ?? [];
    keepNewest(list, base);
    this.newest.set(key, list);
    const days = this.daily.get(key) ?? new Map<number, Sized>();
    keepDay(days, base);
    this.daily.set(key, days);
  }

  /** Every kept base the rule finds suspect, newest first. */
  suspects(rules: SizeRules = DEFAULT_SIZE_RULES): SuspectBase[] {
    const out: SuspectBase[] = [];
    for (const list of this.newest.values()) {
      list.forEach((base, i) => {
        const verdict = judge(base, list.slice(Math.max(0, i - MEDIAN_OF_BASES), i), rules);
        if (verdict !== undefined) out.push(verdict);
      });
    }
    return out.sort((a, b) => ascending(b.at, a.at));
  }

  /** Per type and field, the newest base's growth over the base a week before it, when over the factor. */
  growth(rules: SizeRules = DEFAULT_SIZE_RULES): Growth[] {
    const out: Growth[] = [];
    for (const days of this.daily.values()) {
      const order = [...days.keys()].sort(ascending);
      const last = order.at(-1);
      const to = last === undefined ? undefined : days.get(last);
      if (last === undefined || to === undefined) continue;
      // The base of the day a week before, or the oldest within the week when that day has none.
      const fromDay = order.find((day) => day >= last - GROWTH_DAYS && day < last);
      const from = fromDay === undefined ? undefined : days.get(fromDay);
      if (from === undefined || from.bytes === 0) continue;
      if (to.bytes <= from.bytes * rules.growthFactor) continue;
      out.push({
        type: to.type,
        field: to.field,
        from: { id: from.id, at: from.at, bytes: from.bytes },
        to: { id: to.id, at: to.at, bytes: to.bytes },
        factor: Math.floor((to.bytes / from.bytes) * 10) / 10,
      });
    }
    return out;
  }
}

/** Oldest first, at most BASES_KEPT, newest kept; a base listed twice (two pages) counts once. */
function keepNewest(list: Sized[], base: Sized): void {
  if (list.some((b) => b.id === base.id)) return;
  if (list.length >= BASES_KEPT && base.at <= (list[0]?.at ?? -Infinity)) return;
  let i = list.length;
  while (i > 0 && (list[i - 1]?.at ?? -Infinity) > base.at) i -= 1;
  list.splice(i, 0, base);
  if (list.length > BASES_KEPT) list.shift();
}

function keepDay(days: Map<number, Sized>, base: Sized): void {
  const day = Math.floor(base.at / DAY_MS);
  const held = days.get(day);
  if (held !== undefined) {
    if (base.at > held.at) days.set(day, base);
    return;
  }
  days.set(day, base);
  if (days.size <= GROWTH_DAYS + 1) return;
  let oldest = day;
  for (const d of days.keys()) if (d < oldest) oldest = d;
  days.delete(oldest);
}

function judge(base: Sized, before: readonly Sized[], rules: SizeRules): SuspectBase | undefined {
  const suspect = {
    id: base.id,
    type: base.type,
    field: base.field,
    at: base.at,
    bytes: base.bytes,
  };
  const enough = before.length >= MEDIAN_MIN_BASES;
  const usual = enough ? median(before.map((b) => b.bytes)) : undefined;
  const withMedian =
    usual === undefined ? suspect : { ...suspect, median: { bytes: usual, of: before.length } };
  if (base.bytes === 0) return withMedian;
  if (usual === undefined) return undefined;
  return base.bytes < (usual * (100 - rules.shrinkPercent)) / 100 ? withMedian : undefined;
}

/**
 * "full of 2026-11-26 02:01 UTC is 0 B against a median of 9.5 GB (7 before it)", or
 * "... is 950 MB, 90% under the median of 9.5 GB (7 before it)"; the id only where asked,
 * since the audit's text is kept short and its structured figures name it.
 */
export function suspectText(s: SuspectBase, withId = true): string {
  const id = withId ? ` (id=${s.id})` : "";
  const field = s.field === "backup_size" ? "" : ` ${s.field}`;
  const what = `${s.type} of ${utcMinutes(s.at)}${id} is ${formatBytes(s.bytes)}${field}`;
  if (s.median === undefined) return what;
  const usual = `${formatBytes(s.median.bytes)} (${s.median.of} before it)`;
  if (s.bytes === 0) return `${what} against a median of ${usual}`;
  const under = Math.round((1 - s.bytes / s.median.bytes) * 100);
  return `${what}, ${under}% under the median of ${usual}`;
}

/** A suspect base's figures in structured results. */
export function suspectFigures(s: SuspectBase): Record<string, unknown> {
  return {
    backup_id: s.id,
    type: s.type,
    point_in_time: isoSeconds(s.at),
    bytes: s.bytes,
    size_field: s.field,
    ...(s.median !== undefined && { median_bytes: s.median.bytes, median_of: s.median.of }),
  };
}
