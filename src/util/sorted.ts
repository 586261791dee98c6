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
