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
import type { Backup, Schedule } from "../api/records.js";
import { isSendableId } from "../util/ids.js";
import { fetchAllPages } from "./fetch-all.js";
import { createLimiter, type Limiter } from "./limiter.js";
import { ProgressTally, type ProgressSink } from "./progress.js";
import { backupKey, backupPages, scheduleKey, schedulePages } from "./sources.js";
import { TaskGroup } from "./together.js";

/** Requests one account read keeps in flight (the audit's latency floor assumes it too). */
export const IN_FLIGHT = 6;
const SCHEDULE_PAGE_SIZE = 100;

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
        onPage: (items) => reader.onSchedules(id, items),
        onProgress: tally.part(`schedules of ${id}`),
      }),
    );
    if (reader.alsoPerService)
      group.run((signal) => reader.alsoPerService?.(id, { limiter, signal }) ?? Promise.resolve());
  };
  const early = reader.startEarly?.bind(reader);
  const seen = (items: readonly Backup[]): void => {
    if (early === undefined) return;
    for (const backup of items) {
      const id = backup.service_id;
      if (typeof id === "string" && id !== "" && !started.has(id) && early(id)) start(id);
    }
  };
  try {
    const requested = reader.services ?? [];
    if (early) for (const id of requested) if (early(id)) start(id);
    for (const serviceId of requested.length > 0 ? requested : [undefined]) {
      group.run((signal) =>
        fetchAllPages(backupPages(api, serviceId ? { service_id: serviceId } : {}), {
          limiter,
          // Reading the whole account, page 2 goes with page 1: a round trip saved on every
          // account of over 500 backups, one empty page asked for on a smaller one.
          secondPageEarly: serviceId === undefined,
          signal,
          idOf: backupKey,
          onPage: (items) => {
            // The new services' lists are asked for first, so they travel while the page is read.
            seen(items);
            reader.onBackups(items);
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
