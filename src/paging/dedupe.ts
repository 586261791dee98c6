/**
 * Drops records that show up on two adjacent pages. When the data changes
 * while pages are fetched (a backup inserted or removed before the cursor)
 * records shift across a page boundary, so the same record can be read at
 * the end of one page and the start of the next. Only the ids of pages
 * whose neighbours have not both arrived are kept, so memory stays at a few
 * pages' worth of ids, not one per record. A shift of more than a whole page
 * between two reads is not caught; with oldest-first paging, appends (the
 * common change) shift nothing.
 */
export class NeighbourDedupe<T> {
  private readonly ids = new Map<number, Set<string>>();
  private readonly arrived = new Set<number>();
  dropped = 0;

  constructor(private readonly idOf: ((item: T) => string | undefined) | undefined) {}

  accept(page: number, items: readonly T[]): T[] {
    const idOf = this.idOf;
    this.arrived.add(page);
    if (idOf === undefined) return [...items];
    const before = this.ids.get(page - 1);
    const after = this.ids.get(page + 1);
    const own = new Set<string>();
    const kept = items.filter((item) => {
      const id = idOf(item);
      if (id === undefined) return true;
      if (own.has(id) || before?.has(id) || after?.has(id)) return false;
      own.add(id);
      return true;
    });
    this.dropped += items.length - kept.length;
    this.ids.set(page, own);
    for (const p of [page - 1, page, page + 1]) this.forgetIfSettled(p);
    return kept;
  }

  private forgetIfSettled(page: number): void {
    const left = page === 1 || this.arrived.has(page - 1);
    if (left && this.arrived.has(page + 1)) this.ids.delete(page);
  }
}
