/**
 * Reads an account the way the answer tools need it: every page of backups
 * (all services, or each given service through the service_id filter), and
 * every page of the schedules of the services the caller picks. All
 * requests share one limiter, so the number in flight stays fixed however
 * many services there are, and progress adds up to one bar. Pages are handed
 * over as they arrive; nothing is kept here.
 *
 * With `startEarly`, a service's schedules (and the caller's `alsoPerService`
 * reads, such as its restores) start as soon as its id is known, asked for or
 * first seen on a backup page, instead of after the last backup page: against
 * a remote API the audit then waits for round trips in parallel, not in phases.
 * An id that fails the id rules (util/ids.ts) is handed back, never sent.
 */
import type { BackupsApi } from "../api/client.js";
import { belongsTo, type Backup, type Schedule, type Restore } from "../api/records.js";
import {
  fetchAllPages,
  createLimiter,
  ProgressTally,
  TaskGroup,
  allOrNothing,
  afterIo,
  type Limiter,
  type ProgressSink,
  type FetchPage,
} from "./fetch-all.js";
import type { ServiceScope } from "../safety/scope.js";
import { isSendableId } from "../util/ids.js";

/** Requests one account read keeps in flight (the audit's latency floor assumes it too). */
export const IN_FLIGHT = 6;
const SCHEDULE_PAGE_SIZE = 100;
/** Backup pages asked for with the account's first (see readAccount). */
const EARLY_PAGES = 2;

export interface AccountReader {
  api: Pick<BackupsApi, "listBackups" | "listSchedules">;
  /** Read these services' backups, one filtered list each; otherwise every backup. */
  services?: readonly string[];
  signal?: AbortSignal;
  progress?: ProgressSink;
  onBackups(items: Backup[]): void;
  /** Asked once every backup is in: whose schedules to read (those not started early). */
  scheduleIds(): readonly string[];
  onSchedules(serviceId: string, items: Schedule[]): void;
  /** A service id (from the API's backups) that is not sent back: its schedules are not read. */
  onUnsendableId(serviceId: string): void;
  /** Whether a service, the moment its id is known, is one to read: its reads then start at once. */
  startEarly?(serviceId: string): boolean;
  /** More reads for each service whose schedules are read, on the same limiter; a failure fails all. */
  alsoPerService?(
    serviceId: string,
    read: { limiter: Limiter; signal: AbortSignal },
  ): Promise<void>;
}

export async function readAccount(reader: AccountReader): Promise<void> {
  const { api } = reader;
  const limiter = createLimiter(IN_FLIGHT);
  const tally = new ProgressTally(reader.progress ?? (() => undefined));
  const group = new TaskGroup(reader.signal);
  const started = new Set<string>();
  const start = (id: string): void => {
    if (started.has(id)) return;
    started.add(id);
    if (!isSendableId("service", id)) return reader.onUnsendableId(id);
    tally.expect(`schedules of ${id}`, 1);
    group.run((signal) =>
      fetchAllPages(schedulePages(api, id), {
        limiter,
        signal,
        pageSize: SCHEDULE_PAGE_SIZE,
        idOf: scheduleKey,
        // A schedule naming another service is not this one's, whatever the filter returned.
        onPage: (items) =>
          reader.onSchedules(
            id,
            items.filter((s) => belongsTo(s, id)),
          ),
        onProgress: tally.part(`schedules of ${id}`),
      }),
    );
    if (reader.alsoPerService)
      group.run((signal) => reader.alsoPerService?.(id, { limiter, signal }) ?? Promise.resolve());
  };
  const early = reader.startEarly?.bind(reader);
  /** Starts the reads of services first seen in `items`; whether it started any. */
  const seen = (items: readonly Backup[]): boolean => {
    if (early === undefined) return false;
    const before = started.size;
    for (const backup of items) {
      const id = backup.service_id;
      if (typeof id === "string" && id !== "" && !started.has(id) && early(id)) start(id);
    }
    return started.size > before;
  };
  try {
    const requested = reader.services ?? [];
    if (early) for (const id of requested) if (early(id)) start(id);
    for (const serviceId of requested.length > 0 ? requested : [undefined]) {
      group.run((signal) =>
        fetchAllPages(backupPages(api, serviceId ? { service_id: serviceId } : {}), {
          limiter,
          // Reading the whole account, pages 2 and 3 go with page 1, in slots that would idle
          // until page 1 names the services: a round trip saved on every account of 501 to
          // 1,500 backups, one or two empty pages asked for on a smaller one.
          earlyPages: serviceId === undefined ? EARLY_PAGES : 0,
          signal,
          idOf: backupKey,
          onPage: (items) => {
            // The new services' lists are asked for first, and sent before the page is read, so
            // they travel while it is (reading a page blocks the loop: writes would wait).
            if (!seen(items)) return reader.onBackups(items);
            // As for any page: nothing is handed over once the read failed or was cancelled.
            return afterIo().then(() => {
              if (!signal.aborted) reader.onBackups(items);
            });
          },
          onProgress: tally.part(serviceId ? `backups of ${serviceId}` : "backups"),
        }),
      );
    }
    await group.settled();
    for (const id of reader.scheduleIds()) start(id);
    await group.settled();
  } finally {
    group.close();
  }
}

/**
 * Page sources over the Backups API. Oldest first (`order=asc`): backups
 * that arrive while the pages are read are appended after the last page
 * instead of pushing every record one place down, so pages do not shift.
 */
export function backupPages(
  api: Pick<BackupsApi, "listBackups">,
  filter: { service_id?: string; status?: string } = {},
): FetchPage<Backup> {
  return (page, pageSize, signal) =>
    api.listBackups({ ...filter, page, page_size: pageSize, order: "asc" }, { signal });
}

export function schedulePages(
  api: Pick<BackupsApi, "listSchedules">,
  serviceId: string,
): FetchPage<Schedule> {
  return (page, pageSize, signal) =>
    api.listSchedules(
      { service_id: serviceId, page, page_size: pageSize, order: "asc" },
      { signal },
    );
}

/** The restores INTO one service (the API lists restores by target only). */
export function restorePages(
  api: Pick<BackupsApi, "listRestores">,
  targetId: string,
): FetchPage<Restore> {
  return (page, pageSize, signal) =>
    api.listRestores({ service_id: targetId, page, page_size: pageSize, order: "asc" }, { signal });
}

export const restoreKey = (restore: Restore): string | undefined =>
  restore.id === undefined ? undefined : String(restore.id);

export const backupKey = (backup: Backup): string | undefined =>
  typeof backup.id === "string" && backup.id !== "" ? backup.id : undefined;

export const scheduleKey = (schedule: Schedule): string | undefined =>
  schedule.id === undefined ? undefined : String(schedule.id);

/**
 * "orders-prod" passes the service id pattern, so an assistant may send a
 * service's name where its id belongs. Names live only on backup records,
 * so this reads the newest backups, a bounded number of them: it runs on
 * the error path only and must stay cheap on an account of 100,000 backups.
 */
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
    for (const page of pages) take(page.items);
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
  return (page, page_size, signal) =>
    ctx.api.listBackups({ page, page_size, order: "desc" }, { signal });
}
