/**
 * all_pages for the list tools, on the shared pager (fetchAllPages): pages
 * are read concurrently, put back in page order, and cut at max_items. With
 * a client-side filter every page must be read to count the matches
 * exactly; only max_items of them are kept.
 */
import { fetchAllPages, type FetchPage } from "../paging/fetch-all.js";
import { ToolError } from "../util/tool-error.js";

const WHOLE_LIST_PAGE_SIZE = 500;
/** 1,000,000 records: beyond that a filter belongs on the API side (service_id, status). */
const MAX_PAGES = 2_000;

export interface WholeList<T> {
  items: T[];
  /** Records that matched (after filters), counted over everything read. */
  matched: number;
  /** What the API said exists before client-side filters. */
  reported: number;
  truncated: boolean;
}

export async function readWholeList<T>(
  fetchPage: FetchPage<T>,
  options: {
    maxItems: number;
    filter?: (item: T) => boolean;
    idOf?: (item: T) => string | undefined;
    signal: AbortSignal;
    progress?: (done: number, total: number) => void;
  },
): Promise<WholeList<T>> {
  const { maxItems, filter } = options;
  const pages: T[][] = [];
  const result = await fetchAllPages(fetchPage, {
    pageSize: WHOLE_LIST_PAGE_SIZE,
    maxPages: filter ? undefined : Math.ceil(maxItems / WHOLE_LIST_PAGE_SIZE),
    signal: options.signal,
    idOf: options.idOf,
    onPage: (items, event) => {
      if (event.page === 1 && filter && event.pagesTotal > MAX_PAGES) {
        throw new ToolError(
          `the list has more records than a type/since/until filter reads (${MAX_PAGES * WHOLE_LIST_PAGE_SIZE}); narrow it with service_id or status`,
        );
      }
      pages[event.page - 1] = items;
    },
    onProgress: options.progress,
  });
  let matched = 0;
  const items: T[] = [];
  for (const page of pages) {
    for (const item of page ?? []) {
      if (filter && !filter(item)) continue;
      matched += 1;
      if (items.length < maxItems) items.push(item);
    }
  }
  const total = filter ? matched : Math.max(result.reportedTotal, matched);
  return { items, matched: total, reported: result.reportedTotal, truncated: items.length < total };
}
