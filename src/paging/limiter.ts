/**
 * A counting semaphore: at most `max` tasks run at once, the rest wait in
 * order. One limiter can be shared by several pagers so that an audit of
 * many services still keeps a fixed number of requests in flight.
 */
export interface Limiter {
  <R>(task: () => Promise<R>): Promise<R>;
  /** Tasks it lets run at once. */
  readonly slots: number;
}

export function createLimiter(max: number): Limiter {
  const slots = Math.max(1, Math.floor(max));
  let active = 0;
  const waiting: (() => void)[] = [];
  const limit = async <R>(task: () => Promise<R>): Promise<R> => {
    if (active < slots) active += 1;
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot overtake.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
  return Object.assign(limit, { slots });
}
