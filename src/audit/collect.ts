/**
 * Feeds the auditor from the API (readAccount: every page of backups, and
 * each audited service's schedules and restores as a target, started the
 * moment the service's id is known), and for a requested id the API knows
 * nothing about, looks for the services of that name to name their ids
 * (every one, when several share it).
 */
import type { BackupsApi } from "../api/client.js";
import { readAccount, findServicesNamed } from "../paging/account.js";
import type { ProgressSink } from "../paging/fetch-all.js";
import type { ServiceScope } from "../safety/scope.js";
import { createAuditor, type Auditor } from "./auditor.js";
import { giveRestores, readRestores, type RestoreRead } from "./collect-restores.js";
import type { AuditOptions, AuditReport } from "./types.js";

export interface CollectOptions extends AuditOptions {
  api: Pick<BackupsApi, "listBackups" | "listSchedules" | "listRestores">;
  signal: AbortSignal;
  progress?: ProgressSink;
  /** The server's --services scope: a suggested id never lies outside it. */
  scope: Pick<ServiceScope, "services" | "allows">;
}

export async function collectAudit(options: CollectOptions): Promise<AuditReport> {
  const auditor = createAuditor(options);
  const only = options.services ? new Set(options.services) : undefined;
  const restoreReads = new Map<string, RestoreRead>();
  await readAccount({
    api: options.api,
    signal: options.signal,
    ...(options.progress && { progress: options.progress }),
    ...(options.services && { services: options.services }),
    onBackups: (items) => auditor.add(items),
    scheduleIds: () => auditor.serviceIds(),
    onSchedules: (id, items) => auditor.addSchedules(id, items),
    // Ids come from the API's backups: one that fails the id rules is reported, not sent.
    onUnsendableId: (id) => auditor.unsendable(id),
    // The services the auditor keeps: their schedules and restores start as soon as each is seen.
    startEarly: (id) => only === undefined || only.has(id),
    // Every audited service is a possible restore target (the scratch one too, when audited).
    alsoPerService: async (id, read) => {
      restoreReads.set(id, await readRestores(options.api, id, read));
    },
  });
  await suggestIds(options, auditor);
  // A requested id the API knows nothing of is no target: what its restore list said is dropped.
  const unknown = new Set(auditor.unknownIds());
  for (const id of auditor.serviceIds()) {
    if (!unknown.has(id)) giveRestores(auditor, id, restoreReads.get(id));
  }
  if (options.services) {
    auditor.restoresPartial(
      "restores were listed with the audited services as targets only; a drill into another (scratch) service counts when that service is audited too",
    );
  }
  return auditor.finish();
}

/** Best effort: the audit still answers if the lookup fails. */
async function suggestIds(options: CollectOptions, auditor: Auditor): Promise<void> {
  try {
    for (const id of auditor.unknownIds()) {
      const matches = await findServicesNamed(id, options);
      if (matches.length > 0) auditor.suggest(id, matches);
    }
  } catch {
    options.signal.throwIfAborted();
  }
}
