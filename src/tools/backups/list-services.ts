/**
 * list_services: "which databases do I have?" The Backups API has no
 * services endpoint, so the list is derived: every page of backups (or,
 * under --services, each allowed service's), then each found service's
 * schedules, read as the audit reads them (readAccount).
 */
import { z } from "zod";
import type { Backup, Schedule } from "../../api/records.js";
import { readAccount } from "../../paging/account.js";
import { createLimiter } from "../../paging/fetch-all.js";
import {
  FUTURE_SKEW_MS,
  isFuture,
  BackupReading,
  RestoreFacts,
  BaseSizes,
  latestStart,
} from "../../recovery/model.js";
import { restoredAt } from "../lookups.js";
import { defineTool, type ToolContext } from "../define.js";
import { servicesOutput } from "../outputs.js";
import { utcMinutes, isoSeconds } from "../../util/format.js";
import { invalidApiIdText } from "../../util/ids.js";
import { parseApiTime } from "../../util/time.js";
import { quoted } from "../../util/untrusted-text.js";

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
  output: servicesOutput,
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

/** list_services' text: a header that says how the list was found and what it cannot see, then one line per service. */
/** An account of odd ids still gets a short answer; the full list is in structuredContent. */
const MAX_UNSENDABLE_LINES = 10;

interface ServicesTextInput {
  services: readonly ServiceSummary[];
  total: number;
  backupsRead: number;
  unattributed: number;
  /** Ids in --services with neither a backup nor a schedule. */
  untraced: readonly string[];
  /** Service ids from the API that fail the id rules: their schedules were not read. */
  unsendable: readonly string[];
  scoped: boolean;
}

function servicesText(input: ServicesTextInput): string {
  const { services, total } = input;
  const where = input.scoped ? " in this server's scope (--services)" : "";
  const lines = [
    `Services${where}: ${total}, found from ${input.backupsRead} backups and their schedules; newest activity first; times are points in time (what a restore reaches).` +
      " The API has no service list: a service with no backups yet is not found here.",
  ];
  if (services.length < total) {
    lines.push(`Showing the ${services.length} most recently active of ${total}.`);
  }
  if (input.unattributed > 0) {
    lines.push(`${input.unattributed} backups carry no service id and are not counted.`);
  }
  lines.push(...services.map(serviceLine));
  for (const id of input.untraced) {
    lines.push(`${id}: no backups or schedules are known: check the id in --services.`);
  }
  for (const id of input.unsendable.slice(0, MAX_UNSENDABLE_LINES)) {
    lines.push(`${invalidApiIdText("service", id)}; its schedules were not read.`);
  }
  const more = input.unsendable.length - MAX_UNSENDABLE_LINES;
  if (more > 0)
    lines.push(`${more} more service ids from the API are not valid (structuredContent).`);
  return lines.join("\n");
}

/** "dbtgf28216706 orders-prod · gcp · last success 2026-11-29 18:01 UTC (full) · 412 backups · schedules 3 active, 1 suspended" */
function serviceLine(service: ServiceSummary): string {
  const parts = [
    service.service_name
      ? `${service.service_id} ${quoted(service.service_name)}`
      : service.service_id,
    service.cloud_provider ?? "cloud ?",
    lastSuccess(service),
    `${service.backups_count} backup${service.backups_count === 1 ? "" : "s"}`,
    schedules(service.schedules),
  ];
  return parts.join(" · ");
}

function lastSuccess(service: ServiceSummary): string {
  const ms = parseApiTime(service.last_success?.time);
  if (service.last_success === undefined || ms === undefined) return "no successful backup";
  const success = `last success ${utcMinutes(ms)} (${service.last_success.type})`;
  // Said only when a restore cannot reach the newest success (its full failed, a binlog gap).
  const point = parseApiTime(service.last_restorable?.time);
  if (point === ms) return success;
  return `${success}, ${point === undefined ? "no restorable point" : `restorable only to ${utcMinutes(point)}`}`;
}

function schedules(counts: ServiceSummary["schedules"]): string {
  if (counts === undefined) return "schedules not read";
  const once = counts.once ?? 0;
  if (counts.active + counts.suspended + once === 0) return "no schedules";
  const parts: string[] = [];
  if (counts.active > 0) parts.push(`${counts.active} active`);
  if (counts.suspended > 0) parts.push(`${counts.suspended} suspended`);
  if (once > 0) parts.push(`${once} one-time`);
  return `schedules ${parts.join(", ")}`;
}

/**
 * What list_services knows about each service, gathered as backup pages
 * stream past: a few fields per service and, for what a restore reaches,
 * the model's bounded facts (bases and binlog points, recovery/model.ts).
 * No I/O here.
 */
interface Tally {
  name?: string;
  cloud?: string;
  backups: number;
  /** Start (or point) of the newest backup of any status: what "newest activity" sorts by. */
  lastActivityMs?: number;
  lastSuccess?: { ms: number; type: string };
  /** What a restore reaches (the model plan_restore and the audit read). */
  restorable: RestoreFacts;
  /** Base sizes, so a suspect base is passed over here as in plan_restore (recovery/model.ts's BaseSizes). */
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
  private readonly reading = new BackupReading();
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
      // One reading of the backup for every rule below, as the audit's tally reads it.
      const read = this.reading.read(backup);
      const at = Number.isNaN(read.start) ? undefined : read.start;
      if (at !== undefined && (tally.lastActivityMs === undefined || at > tally.lastActivityMs))
        tally.lastActivityMs = at;
      tally.restorable.addRead(read, backup);
      tally.sizes.addRead(read, backup);
      if (read.type === "binarylog") tally.binlogs = true;
      if (read.outcome !== "succeeded") continue;
      // A success dated in the future (skew, a bad import) is no last success: the model's rule.
      if (isFuture(read.latest, this.nowMs)) continue;
      const point = Number.isNaN(read.point) ? at : read.point;
      if (point !== undefined && (tally.lastSuccess === undefined || point > tally.lastSuccess.ms))
        tally.lastSuccess = { ms: point, type: read.type };
    }
  }

  /** Whether any binlog of the service was seen: only then can a restore break its timeline. */
  hasBinlogs(serviceId: string): boolean {
    return this.tallies.get(serviceId)?.binlogs === true;
  }

  /** Moments restores replaced the service's data (restoredAtOf). */
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
