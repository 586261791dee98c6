/**
 * Feeds the auditor from the API: every page of backups (all services, or
 * each requested service through the service_id filter), then every page
 * of each audited service's schedules. All requests share one limiter, so
 * the number in flight stays fixed however many services are audited.
 */
import type { BackupsApi } from "../api/client.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { createLimiter } from "../paging/limiter.js";
import { ProgressTally, type ProgressSink } from "../paging/progress.js";
import { backupKey, backupPages, scheduleKey, schedulePages } from "../paging/sources.js";
import { allOrNothing } from "../paging/together.js";
import { createAuditor } from "./auditor.js";
import type { AuditOptions, AuditReport } from "./types.js";

export const IN_FLIGHT = 6;
const SCHEDULE_PAGE_SIZE = 100;

export interface CollectOptions extends AuditOptions {
  api: Pick<BackupsApi, "listBackups" | "listSchedules">;
  signal?: AbortSignal;
  progress?: ProgressSink;
  /**
   * Which services' schedules to read. Ids come from API data here, so an id
   * the tools would refuse as input (e.g. "42") is left unread rather than
   * sent, and its summary says the schedules were not read.
   */
  readSchedulesOf?: (serviceId: string) => boolean;
  /** The server's --services scope: names are then read from these services' backups only. */
  scope?: readonly string[];
}

/** Newest backups read to match an unknown id against service names: one page, one request. */
const NAME_PAGE_SIZE = 500;
/** Under a scope, each allowed service's newest backup names it: at most this many requests. */
const SCOPED_NAME_READS = 20;

export async function collectAudit(options: CollectOptions): Promise<AuditReport> {
  const { api, signal } = options;
  const auditor = createAuditor(options);
  const limiter = createLimiter(IN_FLIGHT);
  const tally = new ProgressTally(options.progress ?? (() => undefined));
  const backupsOf =
    (serviceId: string | undefined) =>
    (group: AbortSignal): Promise<unknown> =>
      fetchAllPages(backupPages(api, serviceId ? { service_id: serviceId } : {}), {
        limiter,
        signal: group,
        idOf: backupKey,
        onPage: (items) => auditor.add(items),
        onProgress: tally.part(serviceId ? `backups of ${serviceId}` : "backups"),
      });
  const requested = options.services ?? [];
  const backupTasks = requested.length > 0 ? requested.map(backupsOf) : [backupsOf(undefined)];
  await allOrNothing(backupTasks, signal);

  const services = auditor.serviceIds().filter(options.readSchedulesOf ?? (() => true));
  for (const id of services) tally.expect(`schedules of ${id}`, 1);
  const scheduleTasks = services.map(
    (id) =>
      (group: AbortSignal): Promise<unknown> =>
        fetchAllPages(schedulePages(api, id), {
          limiter,
          signal: group,
          pageSize: SCHEDULE_PAGE_SIZE,
          idOf: scheduleKey,
          onPage: (items) => auditor.addSchedules(id, items),
          onProgress: tally.part(`schedules of ${id}`),
        }),
  );
  await allOrNothing(scheduleTasks, signal);
  if (auditor.unknownIds().length > 0) await learnNames(options, auditor);
  return auditor.finish();
}

/**
 * A requested id with no backups may be a service name: the newest page of all backups says which
 * names exist. Best effort: the audit still answers if this read fails.
 */
async function learnNames(
  options: CollectOptions,
  auditor: ReturnType<typeof createAuditor>,
): Promise<void> {
  const may = options.mayName ?? (() => true);
  const read = async (service_id?: string): Promise<void> => {
    const page = await options.api.listBackups(
      {
        page: 1,
        page_size: service_id ? 1 : NAME_PAGE_SIZE,
        order: "desc",
        ...(service_id && { service_id }),
      },
      { ...(options.signal && { signal: options.signal }) },
    );
    auditor.learnNames(
      page.backups.filter((b) => typeof b.service_id === "string" && may(b.service_id)),
    );
  };
  try {
    // Under a scope the whole account's newest backups are not this server's to read.
    const audited = new Set(auditor.serviceIds());
    const others = options.scope?.filter((id) => !audited.has(id)).slice(0, SCOPED_NAME_READS);
    if (others === undefined) await read();
    else await Promise.all(others.map((id) => read(id)));
  } catch {
    options.signal?.throwIfAborted();
  }
}
