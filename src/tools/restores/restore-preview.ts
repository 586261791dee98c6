/**
 * The words a user reads before a restore erases a service: what is lost,
 * what happens while it runs, what comes in its place. A restore onto the
 * source itself says so before anything else.
 */
import { createHash } from "node:crypto";
import { utcSeconds } from "../../util/format.js";
import { quoted } from "../../util/untrusted-text.js";
import type { RestoreStep } from "../../restore/planner.js";
import type { ExternalArgs } from "./restore-input.js";
import type { ServiceSource } from "./restore-source.js";
import type { Eligibility, TargetFacts } from "./restore-target.js";

export type ResolvedSource =
  { kind: "backup" | "pitr"; source: ServiceSource } | { kind: "external"; external: ExternalArgs };

interface PreviewParts {
  summary: string;
  details: string[];
  preview: Record<string, unknown>;
}

/** Names are the API's, so they are quoted: a name can never pass for the server's words. */
const named = (id: string, name: string | undefined) => (name ? `${quoted(name)} (${id})` : id);

export function restorePreview(
  resolved: ResolvedSource,
  target: TargetFacts,
  eligibility: Eligibility,
  self: boolean,
): PreviewParts {
  const targetName = named(target.serviceId, target.serviceName);
  const summary =
    self && resolved.kind !== "external"
      ? `This restores ${targetName} ONTO ITSELF: all its current data is erased and replaced by its own state at ${utcSeconds(resolved.source.pointMs)}; everything written since is lost.`
      : `Restore ${sourceSentence(resolved)} into ${targetName}: ALL DATA IN ${targetName} WILL BE ERASED and replaced.`;
  const login =
    resolved.kind === "external"
      ? "its users and passwords are replaced by those stored in the backup file."
      : `its users and passwords are replaced by ${self ? "those it had at that point" : `${resolved.source.serviceId}'s, as of that point`}.`;
  const details = [
    `While it runs, ${target.serviceId} is stopped: no connections and no backups until the restore ends.`,
    `Login: ${login}`,
    ...sourceLines(resolved),
    `Target eligible: ${eligibility.eligible ? "yes" : "NO"}, ${eligibility.why}.`,
    target.restores.length === 0
      ? `Restores on ${target.serviceId}: none so far.`
      : `Restores on ${target.serviceId}: none running; newest #${target.restores[0]?.id} ${target.restores[0]?.status}.`,
  ];
  return {
    summary,
    details,
    preview: {
      created: false,
      target_service_id: target.serviceId,
      ...(target.serviceName !== undefined && { target_service_name: target.serviceName }),
      onto_itself: self,
      source: sourceRecord(resolved),
      eligible: eligibility.eligible,
      target_restores: target.restores.slice(0, 5),
    },
  };
}

function sourceSentence(resolved: ResolvedSource): string {
  if (resolved.kind === "external")
    return `the ${resolved.external.method} backup ${resolved.external.file} from ${resolved.external.bucket}`;
  const s = resolved.source;
  const at = utcSeconds(s.pointMs);
  return resolved.kind === "backup"
    ? `backup ${s.chain.at(-1)?.id ?? "?"} of ${named(s.serviceId, s.serviceName)} (point ${at}${s.latest ? ", the latest restorable point" : ""})`
    : `${named(s.serviceId, s.serviceName)} as it was at ${at}${s.latest ? " (latest restorable point)" : ""}`;
}

function sourceLines(resolved: ResolvedSource): string[] {
  if (resolved.kind === "external") {
    const e = resolved.external;
    return [
      `Source: file ${e.file} in ${e.bucket} (${e.method}), ${e.encryption_key ? "encrypted (key given)" : "not encrypted"}; ${credentialsOrigin(e)}.`,
    ];
  }
  const s = resolved.source;
  return [
    `Source: ${s.serviceId}, exact point ${utcSeconds(s.pointMs)}.`,
    `Chain (${s.chain.length}): ${chainText(s.chain)}.`,
    ...(s.note !== undefined ? [`Note: ${s.note}.`] : []),
  ];
}

/** Where the bucket credentials sent to the API come from; never their content. */
function credentialsOrigin(e: { credentials?: string; credentials_file?: string }): string {
  if (e.credentials_file !== undefined)
    return `credentials read by this server from ${quoted(e.credentials_file)}`;
  return e.credentials !== undefined ? "credentials given inline" : "no credentials sent";
}

const stepText = (step: RestoreStep) => `${step.type} ${step.id}`;

/** A long binlog tail is shortened in text; structuredContent's source.chain keeps every id. */
function chainText(chain: readonly RestoreStep[]): string {
  if (chain.length <= 10) return chain.map(stepText).join(", ");
  const hidden = chain.length - 8;
  const shown = [...chain.slice(0, 5).map(stepText), `… ${hidden} more (source.chain)`];
  return [...shown, ...chain.slice(-3).map(stepText)].join(", ");
}

function sourceRecord(resolved: ResolvedSource, withChain = true): Record<string, unknown> {
  if (resolved.kind === "external") {
    const { bucket, method, file } = resolved.external;
    return { kind: "external", bucket, method, file };
  }
  const s = resolved.source;
  const record = { kind: resolved.kind, service_id: s.serviceId, point: s.point };
  return withChain ? { ...record, chain: s.chain } : record;
}

/** The confirmed answer: what started where, without the chain the preview already showed. */
export function startedRecord(
  resolved: ResolvedSource,
  target: TargetFacts,
  self: boolean,
): Record<string, unknown> {
  return {
    created: true,
    target_service_id: target.serviceId,
    ...(target.serviceName !== undefined && { target_service_name: target.serviceName }),
    onto_itself: self,
    source: sourceRecord(resolved, false),
  };
}

/** What the token is bound to: the chain and point, the target's restores, the verdict. */
export function restoreFingerprint(
  resolved: ResolvedSource,
  target: TargetFacts,
  eligibility: Eligibility,
  /** The credentials as they will be sent: a file changed after the preview voids the token. */
  credentials?: string,
): Record<string, unknown> {
  return {
    source: sourceRecord(resolved),
    ...(credentials !== undefined && {
      credentials: createHash("sha256").update(credentials).digest("hex"),
    }),
    restores: target.restores,
    restore_count: target.restoreCount,
    eligible: eligibility.eligible,
    target_name: target.serviceName,
  };
}
