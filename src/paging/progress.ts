/**
 * Sums the progress of several pagers running side by side into one
 * (done, total) pair, so the client sees a single bar that only moves
 * forward even though each pager learns its own page count late.
 */
export type ProgressSink = (done: number, total: number | undefined, message?: string) => void;

export class ProgressTally {
  private readonly parts = new Map<string, { done: number; total: number }>();
  private reported = 0;

  constructor(private readonly sink: ProgressSink) {}

  /** A callback for one pager: fetchAllPages' onProgress. */
  part(key: string, label = key): (done: number, total: number) => void {
    return (done, total) => {
      this.parts.set(key, { done, total: Math.max(done, total) });
      this.report(`${label}: page ${done}/${Math.max(done, total)}`);
    };
  }

  /** Work known to be coming (e.g. one schedule list per service) before any pager starts it. */
  expect(key: string, total: number): void {
    if (!this.parts.has(key)) this.parts.set(key, { done: 0, total });
  }

  private report(message: string): void {
    let done = 0;
    let total = 0;
    for (const part of this.parts.values()) {
      done += part.done;
      total += part.total;
    }
    // MCP progress must increase; a part that shrinks its count must not move the bar back.
    if (done <= this.reported) return;
    this.reported = done;
    this.sink(done, total, message);
  }
}
