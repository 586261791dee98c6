/**
 * list_services: "which databases do I have?" The Backups API has no
 * services endpoint, so the list is derived: every page of backups (or,
 * under --services, each allowed service's), then each found service's
 * schedules. All requests share one limiter, as in the audit.
 */
import { z } from "zod";
import { fetchAllPages } from "../paging/fetch-all.js";
import { createLimiter } from "../paging/limiter.js";
import { ProgressTally } from "../paging/progress.js";
import { backupKey, backupPages, scheduleKey, schedulePages } from "../paging/sources.js";
import { allOrNothing } from "../paging/together.js";
import { defineTool, type ToolContext } from "./define.js";
import { serviceId } from "./fields.js";
import { ServiceCensus } from "./service-census.js";
import { servicesText } from "./list-services-text.js";

const IN_FLIGHT = 6;
const SCHEDULE_PAGE_SIZE = 100;
/** Services listed (and whose schedules are read); an account beyond this gets a note. */
export const MAX_SERVICES_LISTED = 200;

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  description:
    "Which services (databases) exist: id, name, cloud, last successful backup, backup and schedule counts. " +
    "Found from backups, so a service with none yet is missing.",
  kind: "read",
  skipSecretFieldScan: true,
  input: z.strictObject({}),
  output: z.looseObject({
    services: z.array(z.looseObject({ service_id: z.string() })),
    services_count: z.number(),
  }),
  async run(_args, ctx) {
    const census = await takeCensus(ctx);
    const all = census.summaries();
    const services = all.slice(0, MAX_SERVICES_LISTED);
    const untraced = ctx.scope.limited ? census.untraced() : [];
    return {
      structured: {
        services,
        services_count: all.length,
        backups_scanned: census.backupsRead,
        ...(census.unattributed > 0 && { backups_without_service_id: census.unattributed }),
        ...(untraced.length > 0 && { unknown_in_scope: untraced }),
        truncated: services.length < all.length,
      },
      text: servicesText({
        services,
        total: all.length,
        backupsRead: census.backupsRead,
        unattributed: census.unattributed,
        untraced,
        scoped: ctx.scope.limited,
      }),
    };
  },
});

async function takeCensus(ctx: ToolContext): Promise<ServiceCensus> {
  const census = new ServiceCensus();
  const limiter = createLimiter(IN_FLIGHT);
  const tally = new ProgressTally(ctx.progress);
  const allowed = ctx.scope.services;
  const backupsOf =
    (service_id: string | undefined) =>
    (signal: AbortSignal): Promise<unknown> =>
      fetchAllPages(backupPages(ctx.api, service_id ? { service_id } : {}), {
        limiter,
        signal,
        idOf: backupKey,
        // Aggregated on arrival: nothing per backup outlives its page.
        // Under --services the API's filter is not trusted: only allowed services are counted.
        onPage: (items) =>
          census.add(allowed ? items.filter((b) => ctx.scope.allows(b.service_id)) : items),
        onProgress: tally.part(service_id ? `backups of ${service_id}` : "backups"),
      });
  await allOrNothing(allowed ? allowed.map(backupsOf) : [backupsOf(undefined)], ctx.signal);
  for (const id of allowed ?? []) census.expect(id);

  // Ids come from API data: one the tools would refuse as input is not sent back to the API.
  const readable = census
    .ids()
    .filter((id) => serviceId.safeParse(id).success && ctx.scope.allows(id))
    .slice(0, MAX_SERVICES_LISTED);
  for (const id of readable) tally.expect(`schedules of ${id}`, 1);
  await allOrNothing(
    readable.map(
      (id) =>
        (signal: AbortSignal): Promise<unknown> =>
          fetchAllPages(schedulePages(ctx.api, id), {
            limiter,
            signal,
            pageSize: SCHEDULE_PAGE_SIZE,
            idOf: scheduleKey,
            onPage: (items) => census.addSchedules(id, items),
            onProgress: tally.part(`schedules of ${id}`),
          }),
    ),
    ctx.signal,
  );
  return census;
}
