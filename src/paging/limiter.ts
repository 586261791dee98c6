/**
 * A counting semaphore: at most `max` tasks run at once, the rest wait in
 * order. One limiter can be shared by several pagers so that an audit of
 * many services still keeps a fixed number of requests in flight.
 */
export type Limiter = <R>(task: () => Promise<R>) => Promise<R>;

export function createLimiter(max: number): Limiter {
  const slots = Math.max(1, Math.floor(max));
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
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
}
