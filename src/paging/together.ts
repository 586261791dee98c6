/**
 * Runs tasks side by side and fails as a group: the first failure aborts
 * the others' requests, and nothing is left running once this settles (a
 * bare Promise.all would return while sibling requests carry on).
 */
import { setMaxListeners } from "node:events";

export async function allOrNothing<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
  signal?: AbortSignal,
): Promise<T[]> {
  signal?.throwIfAborted();
  const group = new AbortController();
  // Every task listens on the group's signal (50 services, 50 pagers): many listeners, no leak.
  setMaxListeners(tasks.length + 10, group.signal);
  const onAbort = (): void => group.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let failure: { error: unknown } | undefined;
  const values = new Array<T>(tasks.length);
  try {
    // The wrappers never reject, so this waits for every task to settle.
    await Promise.all(
      tasks.map(async (task, i) => {
        try {
          values[i] = await task(group.signal);
        } catch (error) {
          failure ??= { error };
          group.abort(error);
        }
      }),
    );
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  signal?.throwIfAborted();
  if (failure) throw failure.error;
  return values;
}

/**
 * allOrNothing for tasks that arrive while others run: the reads a service
 * needs start the moment its id is known, so the set grows as backup pages
 * come in. The first failure aborts every task's requests; settled() waits
 * for all, the late ones too, then throws that failure (or the caller's abort).
 */
export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly running: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;
  private readonly onAbort = (): void => this.controller.abort(this.outer?.reason);

  constructor(private readonly outer?: AbortSignal) {
    outer?.throwIfAborted();
    outer?.addEventListener("abort", this.onAbort, { once: true });
  }

  run(task: (signal: AbortSignal) => Promise<unknown>): void {
    const signal = this.controller.signal;
    if (signal.aborted) return;
    // Every task listens on the group's signal (two per service): many listeners, no leak.
    setMaxListeners(this.running.length + 10, signal);
    this.running.push(
      Promise.resolve()
        .then(() => task(signal))
        .then(
          () => undefined,
          (error: unknown) => {
            this.failure ??= { error };
            this.controller.abort(error);
          },
        ),
    );
  }

  async settled(): Promise<void> {
    // By index: a task started while waiting is waited for too.
    for (let i = 0; i < this.running.length; i++) await this.running[i];
    this.outer?.throwIfAborted();
    if (this.failure) throw this.failure.error;
  }

  close(): void {
    this.outer?.removeEventListener("abort", this.onAbort);
  }
}
