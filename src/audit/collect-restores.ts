/**
 * The restore history for restore_proven: every page of the restores of
 * each audited service as a TARGET (the API lists restores by target only),
 * handed to the auditor, which credits each to its source. A target whose
 * list fails (an API without the restore endpoints answers 404 or 405), or
 * whose id fails the id rules and is never sent, is marked unread, and the
 * audit goes on without it.
 */
import { getMaxListeners, setMaxListeners } from "node:events";
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import type { Restore } from "../api/restore-schemas.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { restoreKey, restorePages } from "../paging/sources.js";
import { createLimiter } from "../paging/limiter.js";
import { isSendableId } from "../util/ids.js";
import type { Auditor } from "./auditor.js";

const IN_FLIGHT = 4;
const UNSENDABLE = "a service id from the API is not a valid service id, so it was not sent";
const PAGE_SIZE = 100;

export async function collectRestores(
  api: Pick<BackupsApi, "listRestores">,
  targets: readonly string[],
  auditor: Pick<Auditor, "addRestores" | "restoresUnread">,
  signal: AbortSignal,
): Promise<void> {
  const limiter = createLimiter(IN_FLIGHT);
  // One pager per target listens on the call's signal: many listeners by design, not a leak.
  setMaxListeners(Math.max(getMaxListeners(signal), targets.length + 10), signal);
  await Promise.all(
    targets.map(async (target) => {
      // A target id read from the API's backups is sent only if it passes the id rules.
      if (!isSendableId("service", target)) return auditor.restoresUnread(target, UNSENDABLE);
      const found: Restore[] = [];
      try {
        await fetchAllPages(restorePages(api, target), {
          limiter,
          signal,
          pageSize: PAGE_SIZE,
          idOf: restoreKey,
          onPage: (items) => found.push(...items),
        });
        auditor.addRestores(target, found);
      } catch (error) {
        signal.throwIfAborted();
        auditor.restoresUnread(target, reasonOf(error));
      }
    }),
  );
}

/** "GET /skybackup/v1/restores -> 404": the request and its outcome, never a body or a header. */
function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return "unreadable answer";
  return `${error.method} ${error.path.split("?")[0] ?? ""} -> ${error.status ?? error.kind}`;
}
