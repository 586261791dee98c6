/**
 * "orders-prod" passes the service id pattern, so an assistant may send a
 * service's name where its id belongs. Names live only on backup records,
 * so this reads the newest backups, a bounded number of them: it runs on
 * the error path only and must stay cheap on an account of 100,000 backups.
 */
import type { BackupsApi } from "../api/client.js";
import type { Backup } from "../api/records.js";
import type { ServiceScope } from "../safety/scope.js";
import { isSendableId } from "../util/ids.js";
import { fetchAllPages, type FetchPage } from "./fetch-all.js";
import { backupKey } from "./sources.js";
import { allOrNothing } from "./together.js";

/** What a lookup needs: the API, the call's signal, and the scope it must stay within. */
export interface NameLookup {
  api: Pick<BackupsApi, "listBackups">;
  signal: AbortSignal;
  scope: Pick<ServiceScope, "services" | "allows">;
}

/** The id format the API hands out; an id of this shape is a mistyped id, not a name. */
const ISSUED_ID = /^db[a-z]{3}\d{8}$/;
/** Newest 2,000 backups: on a busy account every service active in the last day or so. */
const NAME_LOOKUP_PAGES = 4;
const NAME_LOOKUP_PAGE_SIZE = 500;
/** Under --services each allowed service is asked for its newest backup; this many at most. */
const MAX_SCOPED_LOOKUPS = 20;

/** Ids of services whose name is `candidate` (case-insensitive), newest first; [] when none is seen. */
export async function findServicesNamed(candidate: string, ctx: NameLookup): Promise<string[]> {
  if (ISSUED_ID.test(candidate)) return [];
  const wanted = candidate.toLowerCase();
  const ids = new Set<string>();
  const take = (backups: readonly Backup[]): void => {
    for (const backup of backups) {
      const id = backup.service_id;
      const name = backup.service_name;
      // A suggested id is sent back by the caller: one that fails the id rules is no answer.
      if (!isSendableId("service", id) || typeof name !== "string") continue;
      if (name.trim().toLowerCase() === wanted && id !== candidate && ctx.scope.allows(id))
        ids.add(id);
    }
  };
  const allowed = ctx.scope.services;
  if (allowed !== undefined) {
    // Reading the whole account would read services outside the scope; ask only the allowed ones.
    const pages = await allOrNothing(
      allowed
        .slice(0, MAX_SCOPED_LOOKUPS)
        .map(
          (service_id) => (signal: AbortSignal) =>
            ctx.api.listBackups({ service_id, page: 1, page_size: 1, order: "desc" }, { signal }),
        ),
      ctx.signal,
    );
    for (const page of pages) take(page.backups);
    return [...ids];
  }
  await fetchAllPages(newestBackups(ctx), {
    pageSize: NAME_LOOKUP_PAGE_SIZE,
    maxPages: NAME_LOOKUP_PAGES,
    signal: ctx.signal,
    idOf: backupKey,
    onPage: take,
  });
  return [...ids];
}

function newestBackups(ctx: Pick<NameLookup, "api">): FetchPage<Backup> {
  return async (page, page_size, signal) => {
    const result = await ctx.api.listBackups({ page, page_size, order: "desc" }, { signal });
    return { items: result.backups, total: result.backups_count, pages: result.pages_count };
  };
}
