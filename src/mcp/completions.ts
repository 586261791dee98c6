/**
 * Completions for prompt arguments (completion/complete): a service id
 * argument completes from the services the account's newest 500 backups
 * name (a service silent for longer is not suggested; its id still works),
 * and target_time from the forms every restore tool accepts. The service
 * list is one request (the newest page of backups), kept a minute per API
 * client, so per user in team mode; a failed lookup completes nothing
 * rather than failing the client's typing.
 */
import type { BackupsApi } from "../api/client.js";
import type { ServiceScope } from "../safety/scope.js";
import { isSendableId } from "../util/ids.js";

/** The spec allows at most 100 values per answer. */
const MAX_VALUES = 100;
const LOOKUP_PAGE_SIZE = 500;
const KEEP_MS = 60_000;
/** Every restore tool takes these, besides an absolute UTC time. */
const TIME_FORMS = ["latest", "-1h", "-1d"];

type ServiceLookup = Pick<BackupsApi, "listBackups">;
const known = new WeakMap<ServiceLookup, { at: number; ids: Promise<string[]> }>();

async function serviceIds(api: ServiceLookup, scope: ServiceScope): Promise<string[]> {
  if (scope.services) return [...scope.services];
  const cached = known.get(api);
  if (cached && Date.now() - cached.at < KEEP_MS) return cached.ids;
  const ids = api
    .listBackups(
      { page: 1, page_size: LOOKUP_PAGE_SIZE, order: "desc" },
      { signal: AbortSignal.timeout(10_000) },
    )
    .then((page) => {
      const seen = new Set<string>();
      for (const b of page.backups)
        if (isSendableId("service", b.service_id) && scope.allows(b.service_id))
          seen.add(b.service_id);
      return [...seen].sort();
    })
    .catch(() => {
      known.delete(api);
      return [];
    });
  known.set(api, { at: Date.now(), ids });
  return ids;
}

const startingWith = (values: readonly string[], typed: string): string[] =>
  values.filter((v) => v.toLowerCase().startsWith(typed.toLowerCase())).slice(0, MAX_VALUES);

/** The completer for a prompt argument by its name, or undefined when it has none. */
export function completerFor(
  argument: string,
  api: ServiceLookup,
  scope: ServiceScope,
): ((typed: string) => Promise<string[]>) | undefined {
  if (argument === "service_id" || argument.endsWith("_service_id"))
    return async (typed) => startingWith(await serviceIds(api, scope), typed ?? "");
  if (argument === "target_time")
    return (typed) => Promise.resolve(startingWith(TIME_FORMS, typed ?? ""));
  return undefined;
}
