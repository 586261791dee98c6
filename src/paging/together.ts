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
