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
