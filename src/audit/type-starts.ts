/**
 * When backups of each type started inside the audited window, kept as
 * plain numbers so a schedule's fire times can be matched against them. A
 * backup does not name its schedule: its type and start time are all the
 * API says, so that is what the match uses. Memory is 8 bytes a backup in
 * the window, and nothing for older ones.
 */
import { ascending } from "../util/sorted.js";
export class TypeStarts {
  private readonly byType = new Map<string, number[]>();
  private readonly unsorted = new Set<string>();

  add(type: string, at: number): void {
    const list = this.byType.get(type) ?? [];
    const last = list.at(-1);
    if (last !== undefined && at < last) this.unsorted.add(type);
    list.push(at);
    this.byType.set(type, list);
  }

  /** Starts of one type, oldest first. */
  of(type: string): readonly number[] {
    const list = this.byType.get(type) ?? [];
    if (this.unsorted.delete(type)) list.sort(ascending);
    return list;
  }
}
