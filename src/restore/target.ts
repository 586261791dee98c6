/**
 * What plan_restore says about a restore target: whether the API lists it
 * as eligible for the plan's base backup, whether it is the source itself,
 * what a restore would do to it, and the restores already running there.
 * Pure: the reads are done by the tool; this only words the facts, so the
 * preview of a real restore can say the same things the same way.
 */
import { isFinishedRestore, type Restore } from "../api/records.js";
import { quoted } from "../util/untrusted-text.js";

/** What the reads found; `undefined` means the read could not tell (failed, or nothing to look up). */
export interface TargetFacts {
  sourceId: string;
  targetId: string;
  targetName?: string;
  /** The target is in the lookup's list for the plan's base backup. */
  eligible?: boolean;
  /** Why eligibility is unknown: the lookup failed, or the plan has no backup to look up. */
  eligibilityNote?: string;
  /** The target's restores as listed (any status); undefined when the list could not be read. */
  restores?: readonly Restore[];
  restoresNote?: string;
}

interface RunningRestore {
  id?: number;
  backup_id?: string;
  created_at?: string;
}

export interface TargetReport {
  service_id: string;
  service_name?: string;
  is_source: boolean;
  /** Absent when it could not be looked up (see `notes`). */
  eligible?: boolean;
  /** Absent when the target's restores could not be read. */
  running_restores?: RunningRestore[];
  /** What a restore into it would do. */
  effects: string[];
  notes?: string[];
  /** True only when nothing known stands in the way: eligible and nothing running there. */
  ready: boolean;
}

export function targetReport(facts: TargetFacts): TargetReport {
  const isSource = facts.targetId === facts.sourceId;
  const running = facts.restores
    // Fail closed: a status not known to be finished (Scheduled, one never seen) blocks too.
    ?.filter((r) => !isFinishedRestore(r))
    .map((r): RunningRestore => ({
      ...(r.id !== undefined && { id: r.id }),
      ...(r.backup_id !== undefined && { backup_id: r.backup_id }),
      ...(r.created_at !== undefined && { created_at: r.created_at }),
    }));
  const notes = [facts.eligibilityNote, facts.restoresNote].filter(
    (n): n is string => n !== undefined,
  );
  const label = facts.targetName === undefined ? facts.targetId : quoted(facts.targetName);
  return {
    service_id: facts.targetId,
    ...(facts.targetName !== undefined && { service_name: facts.targetName }),
    is_source: isSource,
    ...(facts.eligible !== undefined && { eligible: facts.eligible }),
    ...(running !== undefined && { running_restores: running }),
    effects: [
      `erases all data in ${label}`,
      "stops it while restoring",
      `replaces its login with the credentials of the source ${facts.sourceId}`,
    ],
    ...(notes.length > 0 && { notes }),
    ready: facts.eligible === true && running !== undefined && running.length === 0,
  };
}

const nameOf = (f: Pick<TargetFacts, "targetId" | "targetName">): string =>
  f.targetName === undefined ? f.targetId : `${f.targetId} (${quoted(f.targetName)})`;

/** The lines plan_restore appends to its plan. */
export function targetText(report: TargetReport): string[] {
  const label = nameOf({ targetId: report.service_id, targetName: report.service_name });
  const lines = [`Target ${label}: ${verdict(report)}`];
  if (report.is_source) {
    lines.push(
      "It is the source itself: a restore overwrites the source's current data; create_restore then needs overwrite_source: true.",
    );
  }
  for (const r of report.running_restores ?? []) {
    const since = r.created_at === undefined ? "" : ` since ${r.created_at}`;
    lines.push(
      `Restore ${String(r.id ?? "?")} is running on it${since}: no second restore until it ends (or cancel it).`,
    );
  }
  lines.push(`A restore into it ${report.effects.join("; ")}.`);
  for (const note of report.notes ?? []) lines.push(`Note: ${note}.`);
  return lines;
}

function verdict(r: TargetReport): string {
  if (r.eligible === false) {
    return "NOT eligible: the API does not list it as a target for this backup (e.g. another cloud provider).";
  }
  const busy = (r.running_restores?.length ?? 0) > 0;
  if (r.eligible === undefined) return busy ? "eligibility unknown; busy." : "eligibility unknown.";
  return busy ? "eligible, but a restore is running there." : "eligible.";
}
