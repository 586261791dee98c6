import type { Backup } from "../api/schemas.js";
import { backupLine } from "./format.js";
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
