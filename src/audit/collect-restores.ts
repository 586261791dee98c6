/**
 * The restore history for restore_proven: every page of the restores of one
 * audited service as a TARGET (the API lists restores by target only), read
 * on the audit's shared limiter as soon as the service is known, and handed
 * to the auditor, which credits each to its source. A target whose list
 * fails (an API without the restore endpoints answers 404 or 405), or whose
 * id fails the id rules and is never sent, is marked unread, and the audit
 * goes on without it.
 */
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import type { Restore } from "../api/records.js";
import { fetchAllPages, type Limiter } from "../paging/fetch-all.js";
import { restoreKey, restorePages } from "../paging/account.js";
import type { Auditor } from "./auditor.js";

const UNSENDABLE = "a service id from the API is not a valid service id, so it was not sent";
const PAGE_SIZE = 100;

/** What one target's restore list gave: its restores, or why it could not be read. */
export type RestoreRead = { restores: Restore[] } | { unread: string };

/** Never rejects for the API's sake: a failed list is an unread target, not a failed audit. */
export async function readRestores(
  api: Pick<BackupsApi, "listRestores">,
  target: string,
  read: { limiter: Limiter; signal: AbortSignal },
): Promise<RestoreRead> {
  const found: Restore[] = [];
  try {
    await fetchAllPages(restorePages(api, target), {
      limiter: read.limiter,
      signal: read.signal,
      pageSize: PAGE_SIZE,
      idOf: restoreKey,
      onPage: (items) => found.push(...items),
    });
    return { restores: found };
  } catch (error) {
    read.signal.throwIfAborted();
    return { unread: reasonOf(error) };
  }
}

/** Hands one target's restores to the auditor; a target never read had an id that was not sent. */
export function giveRestores(
  auditor: Pick<Auditor, "addRestores" | "restoresUnread">,
  target: string,
  read: RestoreRead | undefined,
): void {
  if (read === undefined) auditor.restoresUnread(target, UNSENDABLE);
  else if ("unread" in read) auditor.restoresUnread(target, read.unread);
  else auditor.addRestores(target, read.restores);
}

/** "GET /skybackup/v1/restores -> 404": the request and its outcome, never a body or a header. */
function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return "unreadable answer";
  return `${error.method} ${error.path.split("?")[0] ?? ""} -> ${error.status ?? error.kind}`;
}
