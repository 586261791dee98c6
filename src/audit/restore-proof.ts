/**
 * The "restore_proven" control: has a restore made FROM this service's
 * backups succeeded lately? The API lists restores per TARGET, so the
 * history of every audited target is gathered here and each restore is
 * credited to its source, read from its backup_id: a managed key
 * `<hex>:<source service id>:<pod>`, or for a point-in-time restore the
 * source service id itself. Any other shape (an external bucket's file, a
 * format nobody documented) is ignored and counted, never guessed at.
 */
import type { Restore } from "../api/records.js";
import { outcomeOf, restoredAtOf } from "../restore/facts.js";
import { restoreSourceOf, type RestoreSource } from "../restore/backup-id.js";
import { DAY_MS } from "../util/time.js";
import { isoSeconds, utcMinutes } from "../util/format.js";
import type { Draft } from "./findings.js";
import type { ControlResult } from "./types.js";
import { byAt } from "../util/sorted.js";

interface Drill {
  target: string;
  at: number;
  ok: boolean;
  failed: boolean;
}

export interface RestoreInto {
  at: number;
  id?: number;
  source?: RestoreSource;
  status: string;
}

export interface ProofRules {
  nowMs: number;
  days: number;
  /** Given by require_restore_drill_days: an unproven service is then a warning, not info. */
  required: boolean;
}

/**
 * The service whose backup a restore read, or undefined when its backup_id
 * is a file (or no shape we know): never guessed at. A bare id is taken as a
 * point-in-time source: if it names no audited service, it is never asked for.
 */
export function sourceOf(backupId: string): string | undefined {
  const source = restoreSourceOf(backupId);
  return source.kind === "file" ? undefined : source.service;
}

export class RestoreHistory {
  private read = false;
  private readonly raw: { target: string; restore: Restore }[] = [];
  private readonly seen = new Set<string>();
  private readonly unreadable = new Map<string, string>();
  private drills: Map<string, Drill[]> | undefined;
  private ignored = 0;
  private unproven = 0;
  /** Said when a service is unproven: the targets read may not be all there are. */
  private partial: string | undefined;

  /** One target's listed restores; a restore listed under several targets counts once. */
  add(targetId: string, restores: Iterable<Restore>): void {
    this.read = true;
    for (const restore of restores) {
      const target = restore.service_id ?? targetId;
      const key =
        restore.id === undefined
          ? JSON.stringify([target, restore.backup_id, restore.created_at])
          : String(restore.id);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.raw.push({ target, restore });
    }
  }

  /**
   * The restores INTO a service, oldest first: each replaced its data at `at`
   * (a new binlog timeline), from `source` when the backup_id tells it.
   */
  into(serviceId: string): RestoreInto[] {
    const out: RestoreInto[] = [];
    for (const { target, restore } of this.raw) {
      if (target !== serviceId) continue;
      const at = restoredAtOf(restore);
      if (at === undefined) continue;
      const source = restore.backup_id ? restoreSourceOf(restore.backup_id) : undefined;
      out.push({
        at,
        ...(restore.id !== undefined && { id: restore.id }),
        ...(source !== undefined && { source }),
        status: restore.status ?? "unknown",
      });
    }
    return out.sort(byAt);
  }

  /** The targets read were only some of the account's (a filtered audit). */
  onlySomeTargets(note: string): void {
    this.partial = note;
  }

  /** A target whose restores could not be listed, and why. */
  unread(targetId: string, reason: string): void {
    this.read = true;
    this.unreadable.set(targetId, reason);
  }

  /** Credits each restore to its source; called once every target is in (finish). */
  attribute(): void {
    const drills = new Map<string, Drill[]>();
    this.ignored = 0;
    for (const { target, restore } of this.raw) {
      const source = restore.backup_id && sourceOf(restore.backup_id);
      const at = restoredAtOf(restore);
      if (!source || at === undefined) {
        this.ignored += 1;
        continue;
      }
      const outcome = outcomeOf(restore.status);
      const list = drills.get(source) ?? [];
      list.push({ target, at, ok: outcome === "succeeded", failed: outcome === "failed" });
      drills.set(source, list);
    }
    this.drills = drills;
  }

  evaluate(
    serviceId: string,
    hasBackups: boolean,
    rules: ProofRules,
  ): { result: ControlResult; drafts: Draft[] } {
    if (!this.read) return { result: "unknown", drafts: [] };
    if (!hasBackups) return { result: "not_applicable", drafts: [] };
    const mine = this.drills?.get(serviceId) ?? [];
    const newest = (pick: (d: Drill) => boolean): Drill | undefined =>
      mine.filter(pick).reduce<Drill | undefined>((a, d) => (a && a.at >= d.at ? a : d), undefined);
    const success = newest((d) => d.ok);
    if (success && rules.nowMs - success.at <= rules.days * DAY_MS) {
      return { result: "pass", drafts: [] };
    }
    // A target left unread may hold the recent drill: no verdict either way.
    if (this.unreadable.size > 0) return { result: "unknown", drafts: [] };
    const failure = newest((d) => d.failed);
    const draft: Draft = {
      severity: rules.required ? "warning" : "info",
      kind: "restore_unproven",
      message: unprovenMessage(success, failure, rules, this.partial !== undefined),
      count: mine.length,
      ...(success && { since: isoSeconds(success.at) }),
    };
    this.unproven += 1;
    return { result: "fail", drafts: [draft] };
  }

  notes(audited: number): string[] {
    const notes: string[] = [];
    if (this.unreadable.size > 0) {
      const [reason] = this.unreadable.values();
      notes.push(
        `restore history unreadable for ${this.unreadable.size} of ${audited} services (${reason}): restore_proven is unknown unless a recent drill was found`,
      );
    }
    if (this.ignored > 0) {
      notes.push(
        `${this.ignored} restore${this.ignored === 1 ? "" : "s"} ignored: backup_id is neither a backup key nor a service id (e.g. an external bucket), or undated`,
      );
    }
    if (this.partial !== undefined && this.unproven > 0) notes.push(this.partial);
    return notes;
  }
}

const DRILL_HOW = "drill one into a scratch service (plan_restore target_service_id)";

function unprovenMessage(
  success: Drill | undefined,
  failure: Drill | undefined,
  rules: ProofRules,
  /** Only the audited services were read as targets: say so in the claim itself. */
  someTargets: boolean,
): string {
  const among = someTargets ? " among restores into the audited services" : "";
  const days = (d: Drill): number => Math.floor((rules.nowMs - d.at) / DAY_MS);
  const failed =
    failure && (!success || failure.at > success.at)
      ? `the latest, ${utcMinutes(failure.at)} into ${failure.target}, failed`
      : undefined;
  if (success) {
    const tail = failed ? `; ${failed}` : "";
    return `Last successful restore from its backups${among} was ${days(success)} days ago (${utcMinutes(success.at)} into ${success.target}), over ${rules.days} days${tail}; ${DRILL_HOW}.`;
  }
  if (failed)
    return `No restore from its backups ever succeeded${among}; ${failed}; fix the cause and ${DRILL_HOW}.`;
  // A filtered audit read only the audited services' restores: a drill into a scratch service
  // outside it may exist, so absence is claimed only of what was read.
  if (someTargets)
    return `No restore from its backups into the audited services (restores into other services were not read: audit its drill target too); ${DRILL_HOW}.`;
  return `No restore from its backups on record; ${DRILL_HOW}.`;
}
