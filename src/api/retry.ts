/**
 * When and how long to wait before trying a request again. Only reads are
 * retried freely; a write is retried only when it provably never left this
 * machine (the connection was refused), so a schedule is never created twice.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** A server asking for a longer pause than this is answered with its error instead. */
export const MAX_SINGLE_WAIT_MS = 30_000;

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff step; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  random?: () => number;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = policy.baseDelayMs * 2 ** attempt;
  return Math.round((policy.random ?? Math.random)() * ceiling);
}

/** Resolves after ms, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // The abort reason is passed on as given, as node:timers/promises does; it is `any` by design.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as above
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
