/**
 * Feeds the auditor from the API (readAccount: every page of backups, then
 * each audited service's schedules, then each one's restores as a target),
 * and for a requested id the API knows nothing about, looks for the services
 * of that name to name their ids (every one, when several share it).
 */
import type { BackupsApi } from "../api/client.js";
import { readAccount } from "../paging/account.js";
import type { ProgressSink } from "../paging/progress.js";
import { findServicesNamed } from "../paging/service-names.js";
import type { ServiceScope } from "../safety/scope.js";
import { createAuditor, type Auditor } from "./auditor.js";
import { collectRestores } from "./collect-restores.js";
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
  });
  await suggestIds(options, auditor);
  // Every audited service is a possible restore target (the scratch one too, when audited).
  const unknown = new Set(auditor.unknownIds());
  const targets = auditor.serviceIds().filter((id) => !unknown.has(id));
  await collectRestores(options.api, targets, auditor, options.signal);
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
