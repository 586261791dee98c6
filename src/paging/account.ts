/**
 * Reads an account the way the answer tools need it: every page of backups
 * (all services, or each given service through the service_id filter),
 * then every page of the schedules of the services the caller picks once
 * the backups are in; an id that fails the id rules (util/ids.ts) is handed
 * back, never sent. All requests share one limiter, so the number in flight
 * stays fixed however many services there are, and progress adds up to one
 * bar. Pages are handed over as they arrive; nothing is kept here.
 */
import type { BackupsApi } from "../api/client.js";
import type { Backup, Schedule } from "../api/schemas.js";
import { isSendableId } from "../util/ids.js";
import { fetchAllPages } from "./fetch-all.js";
import { createLimiter } from "./limiter.js";
import { ProgressTally, type ProgressSink } from "./progress.js";
import { backupKey, backupPages, scheduleKey, schedulePages } from "./sources.js";
import { allOrNothing } from "./together.js";

const IN_FLIGHT = 6;
const SCHEDULE_PAGE_SIZE = 100;

export interface AccountReader {
  api: Pick<BackupsApi, "listBackups" | "listSchedules">;
  /** Read these services' backups, one filtered list each; otherwise every backup. */
  services?: readonly string[];
  signal?: AbortSignal;
  progress?: ProgressSink;
  onBackups(items: Backup[]): void;
  /** Asked once every backup is in: whose schedules to read. */
  scheduleIds(): readonly string[];
  onSchedules(serviceId: string, items: Schedule[]): void;
  /** A service id (from the API's backups) that is not sent back: its schedules are not read. */
  onUnsendableId(serviceId: string): void;
}

export async function readAccount(reader: AccountReader): Promise<void> {
  const { api, signal } = reader;
  const limiter = createLimiter(IN_FLIGHT);
  const tally = new ProgressTally(reader.progress ?? (() => undefined));
  const backupsOf =
    (serviceId: string | undefined) =>
    (group: AbortSignal): Promise<unknown> =>
      fetchAllPages(backupPages(api, serviceId ? { service_id: serviceId } : {}), {
        limiter,
        signal: group,
        idOf: backupKey,
        onPage: (items) => reader.onBackups(items),
        onProgress: tally.part(serviceId ? `backups of ${serviceId}` : "backups"),
      });
  const requested = reader.services ?? [];
  await allOrNothing(
    requested.length > 0 ? requested.map(backupsOf) : [backupsOf(undefined)],
    signal,
  );

  const ids: string[] = [];
  for (const id of reader.scheduleIds()) {
    if (isSendableId("service", id)) ids.push(id);
    else reader.onUnsendableId(id);
  }
  for (const id of ids) tally.expect(`schedules of ${id}`, 1);
  await allOrNothing(
    ids.map(
      (id) =>
        (group: AbortSignal): Promise<unknown> =>
          fetchAllPages(schedulePages(api, id), {
            limiter,
            signal: group,
            pageSize: SCHEDULE_PAGE_SIZE,
            idOf: scheduleKey,
            onPage: (items) => reader.onSchedules(id, items),
            onProgress: tally.part(`schedules of ${id}`),
          }),
    ),
    signal,
  );
}
