/**
 * How often a drill looks at its restore: soon at first (a small restore
 * ends in seconds), then less and less often, so a six-hour restore costs a
 * few thousand reads instead of twenty thousand. Pure, so it is tested alone.
 */
export const FIRST_POLL_MS = 1_000;
export const MAX_POLL_MS = 15_000;

/** 1 s, then doubled each time, never more than 15 s, never past what is left of the wait. */
export function nextPollDelay(previousMs: number | undefined, remainingMs: number): number {
  const wanted =
    previousMs === undefined
      ? FIRST_POLL_MS
      : Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, previousMs * 2));
  return Math.max(0, Math.min(wanted, remainingMs));
}

/** "42 s", "3 min 05 s", "2 h 07 min": elapsed time on a progress line. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
