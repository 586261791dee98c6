/**
 * list_services: "which databases do I have?" The Backups API has no
 * services endpoint, so the list is derived: every page of backups (or,
 * under --services, each allowed service's), then each found service's
 * schedules, read as the audit reads them (readAccount).
 */
import { z } from "zod";
import { readAccount } from "../../paging/account.js";
import { defineTool, type ToolContext } from "../define.js";
import { ServiceCensus } from "./service-census.js";
import { servicesText } from "./list-services-text.js";
import { createLimiter } from "../../paging/fetch-all.js";
import { restoredAt } from "../restored-at.js";

/** Services listed (and whose schedules are read); an account beyond this gets a note. */
const MAX_SERVICES_LISTED = 200;

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  description:
    "Which services (databases) exist: id, name, cloud, last successful backup, backup and schedule counts. " +
    "Found from backups, so a service with none yet is missing.",
  kind: "read",
  instruction:
    "Which databases exist, and a name's service id: list_services (found from backups).",
  skipSecretFieldScan: true,
  input: z.strictObject({}),
  output: z.looseObject({
    services: z.array(z.looseObject({ service_id: z.string() })),
    services_count: z.number(),
  }),
  async run(_args, ctx) {
    const { census, unsendable } = await takeCensus(ctx);
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
        ...(unsendable.length > 0 && { invalid_service_ids: unsendable }),
        truncated: services.length < all.length,
      },
      text: servicesText({
        services,
        total: all.length,
        backupsRead: census.backupsRead,
        unattributed: census.unattributed,
        untraced,
        unsendable,
        scoped: ctx.scope.limited,
      }),
    };
  },
});

async function takeCensus(
  ctx: ToolContext,
): Promise<{ census: ServiceCensus; unsendable: string[] }> {
  const census = new ServiceCensus(ctx.now().getTime());
  const unsendable: string[] = [];
  const allowed = ctx.scope.services;
  await readAccount({
    api: ctx.api,
    signal: ctx.signal,
    progress: ctx.progress,
    ...(allowed && { services: allowed }),
    // Aggregated on arrival: nothing per backup outlives its page. Under --services the
    // API's filter is not trusted: only allowed services are counted.
    onBackups: (items) =>
      census.add(allowed ? items.filter((b) => ctx.scope.allows(b.service_id)) : items),
    scheduleIds: () => {
      for (const id of allowed ?? []) census.expect(id);
      return census
        .ids()
        .filter((id) => ctx.scope.allows(id))
        .slice(0, MAX_SERVICES_LISTED);
    },
    onSchedules: (id, items) => census.addSchedules(id, items),
    // Ids come from API data: one the tools would refuse as input is not sent back to the API.
    onUnsendableId: (id) => unsendable.push(id),
  });
  // Restores into a service start new binlog timelines its last restorable point must not cross
  // (as plan_restore and the audit see it). Only a service with binlogs can be affected.
  const limit = createLimiter(RESTORE_READS_IN_FLIGHT);
  const listed = census.ids().filter((id) => ctx.scope.allows(id) && census.hasBinlogs(id));
  await Promise.all(
    listed
      .slice(0, MAX_SERVICES_LISTED)
      .map((id) => limit(async () => census.addRestores(id, (await restoredAt(id, ctx)).moments))),
  );
  return { census, unsendable };
}

const RESTORE_READS_IN_FLIGHT = 6;
