/**
 * Newest first, whatever order the API used: the docs' bare arrays promise
 * none. By created_at where both are readable, else by id (ids grow with
 * creation in every example); the sort is stable, so ties keep the API's order.
 */
import type { Restore } from "../../api/records.js";
import { parseApiTime } from "../../util/time.js";

export function newestFirst(restores: readonly Restore[]): Restore[] {
  const keyed = restores.map((restore) => ({
    restore,
    created: parseApiTime(restore.created_at),
    id: restore.id,
  }));
  keyed.sort((a, b) => {
    if (a.created !== undefined && b.created !== undefined && a.created !== b.created)
      return b.created - a.created;
    if (a.id !== undefined && b.id !== undefined) return b.id - a.id;
    return 0;
  });
  return keyed.map((k) => k.restore);
}
