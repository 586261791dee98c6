/**
 * What list_services knows about each service, gathered as backup pages
 * stream past: a few fields per service and, for what a restore reaches,
 * the model's bounded facts (bases and binlog points, restore/points.ts).
 * No I/O here.
 */
import type { Backup, Schedule } from "../../api/records.js";
import { outcomeOf, pointMsOf, startMsOf, typeOf } from "../../restore/facts.js";
import { FUTURE_SKEW_MS, futureTimeOf, RestoreFacts } from "../../restore/points.js";
import { BaseSizes } from "../../restore/suspect.js";
import { latestStart } from "../../restore/start-for.js";
import { isoSeconds } from "../../util/format.js";

interface Tally {
  name?: string;
  cloud?: string;
  backups: number;
  /** Start (or point) of the newest backup of any status: what "newest activity" sorts by. */
  lastActivityMs?: number;
  lastSuccess?: { ms: number; type: string };
  /** What a restore reaches (the model plan_restore and the audit read). */
  restorable: RestoreFacts;
  /** Base sizes, so a suspect base is passed over here as in plan_restore (restore/suspect.ts). */
  sizes: BaseSizes;
  binlogs?: boolean;
  schedules?: { active: number; suspended: number; once?: number };
}

export interface ServiceSummary {
  service_id: string;
  service_name?: string;
  cloud_provider?: string;
  backups_count: number;
  last_backup_time?: string;
  last_success?: { time: string; type: string };
  /** The newest moment a restore reaches: plan_restore's "latest", the audit's rpo point. */
  last_restorable?: { time: string; base_type: string };
  /** Absent when the schedules were not read (an id the API should not be sent, or past the cap). */
  schedules?: { active: number; suspended: number; once?: number };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** API text goes into one-line output: control characters become spaces, length is capped. */
function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const clean = value.replace(CONTROL, " ").trim().slice(0, 100);
  return clean === "" ? undefined : clean;
}

function idOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export class ServiceCensus {
  // A Map, not an object: a service id from the API such as "__proto__" stays a plain key.
  private readonly tallies = new Map<string, Tally>();
  /** Backups with no service id at all: counted, never attributed to a service. */
  unattributed = 0;
  backupsRead = 0;

  add(backups: readonly Backup[]): void {
    for (const backup of backups) {
      this.backupsRead += 1;
      // An id whole: clipped, two long ids could merge (an odd one is quoted where it was read).
      const id = idOf(backup.service_id);
      if (id === undefined) {
        this.unattributed += 1;
        continue;
      }
      const tally = this.tally(id);
      tally.backups += 1;
      tally.name ??= text(backup.service_name);
      tally.cloud ??= text(backup["cloud_provider"]);
      const at = startMsOf(backup);
      if (at !== undefined && (tally.lastActivityMs === undefined || at > tally.lastActivityMs))
        tally.lastActivityMs = at;
      tally.restorable.add(backup);
      tally.sizes.add(backup);
      if (typeOf(backup) === "binarylog") tally.binlogs = true;
      if (outcomeOf(backup.status) !== "succeeded") continue;
      // A success dated in the future (skew, a bad import) is no last success: the model's rule.
      if (futureTimeOf(backup, this.nowMs) !== undefined) continue;
      const point = pointMsOf(backup) ?? at;
      if (point !== undefined && (tally.lastSuccess === undefined || point > tally.lastSuccess.ms))
        tally.lastSuccess = { ms: point, type: typeOf(backup) };
    }
  }

  /** Whether any binlog of the service was seen: only then can a restore break its timeline. */
  hasBinlogs(serviceId: string): boolean {
    return this.tallies.get(serviceId)?.binlogs === true;
  }

  /** Moments restores replaced the service's data (restored-at.ts). */
  addRestores(serviceId: string, moments: readonly number[]): void {
    const tally = this.tallies.get(serviceId);
    for (const at of moments) tally?.restorable.addTimelineBreak(at);
  }

  /** A service known without backups (named in --services): listed if it turns out to have schedules. */
  expect(serviceId: string): void {
    this.tally(serviceId);
  }

  addSchedules(serviceId: string, schedules: readonly Schedule[]): void {
    const tally = this.tally(serviceId);
    const counts = (tally.schedules ??= { active: 0, suspended: 0 });
    for (const schedule of schedules) {
      // A record with no id, cron or type (a bare value read leniently) is not a schedule.
      if (
        schedule.id === undefined &&
        schedule.schedule === undefined &&
        schedule.type === undefined
      )
        continue;
      // A one-time schedule protects nothing after its run: counted apart, never as active.
      if (schedule.schedule === "once") counts.once = (counts.once ?? 0) + 1;
      else if (schedule.suspended === true) counts.suspended += 1;
      else counts.active += 1;
      tally.name ??= text(schedule["service_name"]);
      tally.cloud ??= text(schedule["cloud_provider"]);
    }
  }

  /** Every id seen, newest activity first (services with no backups last, by id). */
  ids(): string[] {
    const activity = (id: string) => this.tallies.get(id)?.lastActivityMs ?? -Infinity;
    return [...this.tallies.keys()].sort(
      (a, b) => activity(b) - activity(a) || (a < b ? -1 : a > b ? 1 : 0),
    );
  }

  /** Services with a backup or a schedule, newest activity first; ids with neither are left out. */
  summaries(): ServiceSummary[] {
    const out: ServiceSummary[] = [];
    for (const id of this.ids()) {
      const t = this.tallies.get(id);
      if (t === undefined) continue;
      const scheduled = sum(t);
      if (t.backups === 0 && scheduled === 0) continue;
      out.push({
        service_id: id,
        ...(t.name !== undefined && { service_name: t.name }),
        ...(t.cloud !== undefined && { cloud_provider: t.cloud }),
        backups_count: t.backups,
        ...(t.lastActivityMs !== undefined && { last_backup_time: isoSeconds(t.lastActivityMs) }),
        ...(t.lastSuccess && {
          last_success: { time: isoSeconds(t.lastSuccess.ms), type: t.lastSuccess.type },
        }),
        ...lastRestorable(t),
        ...(t.schedules && { schedules: { ...t.schedules } }),
      });
    }
    return out;
  }

  /** Ids expected (from --services) that showed neither a backup nor a schedule. */
  untraced(): string[] {
    return this.ids().filter((id) => {
      const t = this.tallies.get(id);
      return t !== undefined && t.backups === 0 && (t.schedules === undefined || sum(t) === 0);
    });
  }

  constructor(private readonly nowMs: number) {}

  private tally(id: string): Tally {
    let tally = this.tallies.get(id);
    if (tally === undefined) {
      tally = {
        backups: 0,
        restorable: new RestoreFacts(this.nowMs, true),
        sizes: new BaseSizes(this.nowMs + FUTURE_SKEW_MS),
      };
      this.tallies.set(id, tally);
    }
    return tally;
  }
}

const sum = (t: Tally): number =>
  (t.schedules?.active ?? 0) + (t.schedules?.suspended ?? 0) + (t.schedules?.once ?? 0);

function lastRestorable(t: Tally): Pick<ServiceSummary, "last_restorable"> {
  const newest = latestStart(t.restorable.points(), t.sizes.suspects());
  if (newest === undefined) return {};
  return { last_restorable: { time: isoSeconds(newest.at), base_type: newest.start.base.type } };
}
