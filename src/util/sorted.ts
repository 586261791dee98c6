/**
 * The first index in [0, length) at which `reached(i)` holds, or `length`
 * when it never does; `reached` must be false, then true, along the array
 * (a sorted array's "value >= x"). The one binary search the audit and the
 * restore planner share.
 */
export function firstReached(length: number, reached: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Ascending order of two numbers such as times, as -1, 0 or 1. A comparator
 * that returns the difference makes V8 box every result that is not a small
 * integer (any difference of two times), and sorting the 70,000 binlog times
 * of a big audit that way made tens of megabytes of garbage. Strings (ids)
 * compare by code unit: localeCompare would page in ICU's collation data,
 * 7 MB of resident memory, to order ASCII ids.
 */
export function ascending<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first, by the `at` every point, start and record here carries. */
export function byAt(a: { at: number }, b: { at: number }): number {
  return ascending(a.at, b.at);
}
