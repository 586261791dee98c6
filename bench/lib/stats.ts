/** Order statistics over repeated measurements: machines are noisy, so medians. */
export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p99: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(mid)] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return {
    n: sorted.length,
    median,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    p99: at(0.99),
  };
}

/** Rounds every number in a Spread, for JSON results a reviewer can read. */
export function rounded(s: Spread, digits = 2): Spread {
  const r = (x: number): number => Number(x.toFixed(digits));
  return { n: s.n, median: r(s.median), min: r(s.min), max: r(s.max), p99: r(s.p99) };
}

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const times = (x: number): string => `${x.toFixed(2)}x`;
export const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
