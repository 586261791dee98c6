import type { Backup } from "../api/records.js";
import { backupLine, pageHeader } from "./list-text.js";
import type { ToolOutput } from "./define.js";
import type { WholeList } from "./whole-list.js";

/** "Backups: showing 200 of 1417 (all pages; newest first). Truncated at max_items=200: ..." */
export function wholeListHeader(
  noun: string,
  whole: WholeList<unknown>,
  maxItems: number,
  details: string[],
): string {
  const extra = details.length > 0 ? `; ${details.join("; ")}` : "";
  let header = `${noun}: showing ${whole.items.length} of ${whole.matched} (all pages${extra})`;
  if (whole.truncated) {
    header += `. Truncated at max_items=${maxItems}: raise max_items (up to 5000) or narrow the filters to see the rest`;
  }
  return header;
}

/** The result of an all_pages backup list: the API's names, plus what was cut. */
export function wholeBackupList(
  noun: string,
  whole: WholeList<Backup>,
  maxItems: number,
  details: string[],
  maxLines: number,
): ToolOutput {
  return {
    structured: {
      backups: whole.items,
      backups_count: whole.matched,
      pages_count: 1,
      returned: whole.items.length,
      truncated: whole.truncated,
    },
    text: [
      wholeListHeader(noun, whole, maxItems, details),
      ...whole.items.slice(0, maxLines).map(backupLine),
    ].join("\n"),
  };
}

/** Enough matches kept to cut page `page` of `pageSize` rows. */
export const rowsToKeep = (page: number, pageSize: number): number => page * pageSize;

/**
 * One page of a client-side filtered list: page_size is the number of rows
 * returned, counted over every match; the text says how to get the rest.
 */
export function filteredBackupPage(
  noun: string,
  whole: WholeList<Backup>,
  paging: { page: number; pageSize: number },
  details: string[],
): ToolOutput {
  const { page, pageSize } = paging;
  const rows = whole.items.slice((page - 1) * pageSize, page * pageSize);
  const pages = Math.ceil(whole.matched / pageSize);
  let header = pageHeader(
    { noun, shown: rows.length, total: whole.matched, page, pageSize, pages },
    details,
  );
  if (page < pages) header += ` (or all_pages: true, max_items up to 5000, for all at once)`;
  return {
    structured: {
      backups: rows,
      backups_count: whole.matched,
      pages_count: pages,
      page,
      page_size: pageSize,
    },
    text: [header, ...rows.map(backupLine)].join("\n"),
  };
}
