/**
 * all_pages for the list tools: reads pages concurrently (bounded), keeps
 * them in page order, and stops at max_items. With a client-side filter
 * every page must be read to count the matches exactly; only max_items of
 * them are kept.
 */
import { createLimiter } from "../paging/limiter.js";
import { allOrNothing } from "../paging/together.js";
import type { FetchPage } from "../paging/fetch-all.js";
import { ToolError } from "./tool-error.js";

export const WHOLE_LIST_PAGE_SIZE = 500;
const CONCURRENCY = 4;
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
    signal: AbortSignal;
    progress?: (done: number, total: number) => void;
  },
): Promise<WholeList<T>> {
  const { maxItems, filter, signal } = options;
  const first = await fetchPage(1, WHOLE_LIST_PAGE_SIZE, signal);
  // pages_count comes from the API: never trust it for the number of requests (or tasks) to make.
  const pages =
    first.items.length === 0
      ? 1
      : Math.min(first.pages, Math.ceil(first.total / first.items.length) || 1);
  if (pages > MAX_PAGES) {
    throw new ToolError(
      `the list has ${first.total} records, more than all_pages or a type/since/until filter reads (${MAX_PAGES * WHOLE_LIST_PAGE_SIZE}); narrow it with service_id or status`,
    );
  }
  const needed = filter ? pages : Math.min(pages, Math.ceil(maxItems / WHOLE_LIST_PAGE_SIZE));
  options.progress?.(1, Math.max(needed, 1));
  const limit = createLimiter(CONCURRENCY);
  let done = 1;
  const rest = await allOrNothing(
    Array.from({ length: Math.max(0, needed - 1) }, (_, i) => async (groupSignal: AbortSignal) => {
      const page = await limit(() => fetchPage(i + 2, WHOLE_LIST_PAGE_SIZE, groupSignal));
      done += 1;
      options.progress?.(done, needed);
      return page;
    }),
    signal,
  );
  let matched = 0;
  const items: T[] = [];
  for (const page of [first, ...rest]) {
    for (const item of page.items) {
      if (filter && !filter(item)) continue;
      matched += 1;
      if (items.length < maxItems) items.push(item);
    }
  }
  const reported = Math.max(first.total, ...rest.map((page) => page.total));
  const total = filter ? matched : Math.max(reported, matched);
  return { items, matched: total, reported, truncated: items.length < total };
}
