/**
 * How a schedule is shown: the API's fields plus what a model cannot work
 * out reliably on its own, the cron in plain words and the next three runs.
 */
import {
  shownId,
  isBaseType,
  isRecord,
  outcomeOf,
  SCHEDULE_FIELDS,
  type Schedule,
} from "../../api/records.js";
import { deleteOutput, scheduleOutput, updateOutput } from "../outputs.js";
import { describeSchedule } from "../../cron/describe.js";
import { nextRuns, findOverlaps } from "../../cron/fires.js";
import { lostProtection } from "../../recovery/model.js";
import { ScopeError } from "../../safety/scope.js";
import { listAllSchedules } from "../lookups.js";
import type { ToolContext } from "../define.js";
import { apiTimeText } from "../../util/format.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";
import { MINUTE_MS, parseApiTime } from "../../util/time.js";
import { quoted, shown } from "../../util/untrusted-text.js";

export interface ScheduleView extends Schedule {
  schedule_description?: string;
  next_runs?: string[];
}

/**
 * Keys the schedule tools write next to a schedule's own fields (the view's,
 * a change's, a preview's): every key their output schemas declare beyond
 * the API's. The API's record is spread into the same object, so one it
 * sends under such a name is not believed: it would pass for the server's
 * word, or fail the outputSchema with its type (a null `warnings`).
 */
const SERVER_KEYS: readonly string[] = [
  ...new Set(
    [updateOutput, deleteOutput, scheduleOutput].flatMap((output) => Object.keys(output.shape)),
  ),
].filter((key) => !Object.hasOwn(SCHEDULE_FIELDS, key) && key !== "unusable_id");

export function viewSchedule(record: Schedule, now: Date): ScheduleView {
  const schedule: Schedule = { ...record };
  for (const key of SERVER_KEYS) delete schedule[key];
  const cron = schedule.schedule;
  if (typeof cron !== "string" || cron === "") return schedule;
  return {
    ...schedule,
    schedule_description: describeSchedule(cron, now),
    // A suspended schedule makes no backups, so it has no next runs to show.
    next_runs: schedule.suspended ? [] : nextRuns(cron, now),
  };
}

function runsText(view: ScheduleView): string {
  if (view.suspended) return "SUSPENDED: makes no backups";
  if (!view.next_runs || view.next_runs.length === 0)
    return view.schedule === "once" ? "runs once" : "no upcoming runs";
  return `next ${view.next_runs.map((run) => apiTimeText(run)).join(", ")}`;
}

/** One line per schedule in lists. */
export function scheduleLine(view: ScheduleView): string {
  const what = view.schedule_description ? ` (${view.schedule_description})` : "";
  const service = view.service_id ? ` ${view.service_id}` : "";
  return `#${shownId(view)} ${view.type ?? "?"} "${view.schedule ?? "?"}"${what} ${view.status ?? ""} · ${runsText(view)}${service}`.replace(
    /\s+\u00b7/,
    " ·",
  );
}

/** A sentence for a single schedule: "Schedule #253 of db…: full backup "0 2 * * *" (every day at 02:00 UTC), Scheduled; next …" */
export function scheduleSentence(view: ScheduleView, verb = "Schedule"): string {
  const what = view.schedule_description ? ` (${view.schedule_description})` : "";
  let text = `${verb} #${shownId(view)} of ${view.service_id ?? "?"}: ${view.type ?? "?"} backup "${view.schedule ?? "?"}"${what}, ${view.status === undefined ? "status unknown" : shown(view.status)}; ${runsText(view)}.`;
  // The API's own message ("Backup is scheduled.") would contradict a suspended schedule.
  if (typeof view.message === "string" && view.message && !view.suspended)
    text += ` ${quoted(view.message)}`;
  const updated = view.updated_at ?? view.created_at;
  if (typeof updated === "string" && updated) text += ` Last changed ${apiTimeText(updated)}.`;
  return text;
}

/** Fetches a schedule and refuses it when its service is outside the scope. */
export async function fetchScopedSchedule(id: number, ctx: ToolContext): Promise<Schedule> {
  const schedule = await ctx.api.getSchedule(id, { signal: ctx.signal });
  // The other service's id is not named: it is outside what this server may show.
  if (!ctx.scope.allows(schedule.service_id))
    throw new ScopeError(
      `schedule ${id} belongs to a service outside this server's scope; it is limited to ${ctx.scope.describe()} (SKYSQL_SERVICES / --services)`,
    );
  return schedule;
}

/**
 * What a service loses when schedules are deleted, suspended or change type:
 * the warnings a preview must carry so the assistant can pass them on before
 * the user agrees. Judged on the service's recurring, non-suspended
 * schedules before and after the change.
 */
/** How one schedule looks after the change; undefined means deleted. */
export type ScheduleAfter = Pick<Schedule, "type" | "suspended"> | undefined;

const key = (schedule: Schedule) => String(schedule.id ?? "?");
const isActive = (s: Pick<Schedule, "suspended" | "schedule">) =>
  s.suspended !== true && typeof s.schedule === "string" && s.schedule !== "once";
const ids = (list: readonly Schedule[]) =>
  list
    .map(key)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((id) => `#${id}`)
    .join(", ");

/** Warnings for changing `changes` (schedule id -> after) among all of a service's schedules. */
export function lossWarnings(
  serviceId: string,
  all: readonly Schedule[],
  changes: ReadonlyMap<string, ScheduleAfter>,
): string[] {
  const before = all.filter(isActive);
  const after = all.flatMap((schedule): Schedule[] => {
    if (!changes.has(key(schedule))) return [schedule];
    const next = changes.get(key(schedule));
    return next === undefined ? [] : [{ ...schedule, ...next }];
  });
  const activeAfter = after.filter(isActive);
  const ofType = (list: readonly Schedule[], test: (type: string) => boolean) =>
    list.filter((s) => test(s.type ?? ""));
  const typesOf = (list: readonly Schedule[]) => list.map((s) => s.type ?? "");
  const lost = lostProtection(typesOf(before), typesOf(activeAfter));
  const warnings: string[] = [];

  const binlogs = ofType(before, (t) => t === "binarylog");
  if (lost.has("pitr")) {
    warnings.push(
      `point-in-time recovery ends for ${serviceId}: ${ids(binlogs)} ${binlogs.length > 1 ? "are its only active binarylog schedules" : "is its only active binarylog schedule"}, so no new binary logs will be backed up.`,
    );
  }
  const bases = ofType(before, (t) => isBaseType(t));
  const incrementalsAfter = ofType(activeAfter, (t) => t === "incremental");
  // Incrementals build on a physical full (reference_full_backup); a dump or snapshot is no base for them.
  const fulls = ofType(before, (t) => t === "full");
  if (lost.has("full_base")) {
    warnings.push(
      `${ids(fulls)} ${fulls.length > 1 ? "are" : "is"} the only active full schedule${fulls.length > 1 ? "s" : ""} of ${serviceId}: incrementals (${ids(incrementalsAfter)}) build on a full, not on a dump or snapshot, so they are left without a base and restores depend on an ever older full.`,
    );
  }
  if (lost.has("base")) {
    const incrementals = incrementalsAfter;
    warnings.push(
      `${ids(bases)} ${bases.length > 1 ? "are" : "is"} the only active full/snapshot/dump schedule${bases.length > 1 ? "s" : ""} of ${serviceId}: no new base backup will be made` +
        (incrementals.length > 0
          ? `, so incrementals (${ids(incrementals)}) are left without a base and restores depend on an ever older full.`
          : "."),
    );
  }
  return warnings;
}

/**
 * The same, reading the service's schedules (`fresh` ones, just fetched, win
 * over the listing); a failed read becomes a warning, never a crash.
 */
export async function lossWarningsFor(
  serviceId: string | undefined,
  changes: ReadonlyMap<string, ScheduleAfter>,
  ctx: ToolContext,
  fresh: readonly Schedule[] = [],
): Promise<{ warnings: string[]; schedules: Schedule[] }> {
  if (!serviceId) return { warnings: [], schedules: [...fresh] };
  // The service id comes from the API's schedule: it is sent back only if it passes the id rules.
  if (!isSendableId("service", serviceId)) {
    return {
      warnings: [
        `could not read the service's other schedules: ${invalidApiIdText("service", serviceId)}, so it was not sent; losses such as the end of point-in-time recovery were not checked.`,
      ],
      schedules: [...fresh],
    };
  }
  try {
    const listed = await listAllSchedules(serviceId, ctx);
    const freshKeys = new Set(fresh.map(key));
    const schedules = [...listed.filter((s) => !freshKeys.has(key(s))), ...fresh];
    return { warnings: lossWarnings(serviceId, schedules, changes), schedules };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return {
      warnings: [
        `could not read the other schedules of ${serviceId} (${why}), so losses such as the end of point-in-time recovery were not checked.`,
      ],
      schedules: [...fresh],
    };
  }
}

/**
 * Two schedules of one service making the same type of backup in the same
 * minute compete for the same server; say so when a schedule is created or
 * changed. Different types coinciding (a nightly full beside an hourly
 * binlog) is the normal pairing, not worth a warning.
 */
export function overlapWarnings(
  cron: string,
  type: string | undefined,
  others: readonly Schedule[],
  now: Date,
): string[] {
  const sameType = others.filter((other) => type !== undefined && other.type === type);
  return findOverlaps(cron, sameType, now).map(
    (overlap) =>
      `schedule #${shownId(overlap)} (${overlap.type ?? "?"} "${overlap.schedule}") also fires at ${apiTimeText(overlap.first_overlap)}; consider a different minute.`,
  );
}

/**
 * A one-time backup started while another backup of the service is running
 * queues behind it or competes with it; the assistant should say so. A
 * failed check fails the call before anything is created: an API that cannot
 * answer a read will not take the write either.
 */
export async function runningBackupWarning(serviceId: string, ctx: ToolContext): Promise<string[]> {
  const page = await ctx.api.listBackups(
    { service_id: serviceId, status: "Running", page: 1, page_size: 20 },
    { signal: ctx.signal },
  );
  // The API's filters are not trusted: check each record.
  const running = page.items.filter(
    (b) => b.service_id === serviceId && outcomeOf(b.status) === "running",
  );
  if (running.length === 0) return [];
  const first = running[0]!;
  return [
    `another backup of ${serviceId} is already Running (${first.type ?? "?"} ${first.id ?? "?"}, started ${first.start_time === undefined ? "at an unknown time" : apiTimeText(first.start_time)}${running.length > 1 ? `, and ${running.length - 1} more` : ""}); this one will queue behind it or compete with it for the server.`,
  ];
}

/**
 * Where a schedule's backups go: MariaDB Cloud's own storage or a bucket of
 * the customer's. Bucket paths are checked before anything is sent; an
 * existing schedule's destination is read leniently, since the API does not
 * document how (or whether) it reports it.
 */
/**
 * gs://<bucket>/<path> or s3://<bucket>/<path>; the path part is optional.
 * Bucket names are 3-63 characters in both clouds; a path has no spaces and
 * no "." or ".." segment, which object stores would take literally.
 */
const BUCKET_PATH = /^(gs|s3):\/\/[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9](\/\S*)?$/;

export const BUCKET_PATH_RULE =
  "bucket_path must be gs://<bucket>/<path> or s3://<bucket>/<path> (a Google Cloud Storage or Amazon S3 bucket; no spaces, no . or .. segments)";

export function isBucketPath(path: string): boolean {
  if (!BUCKET_PATH.test(path)) return false;
  const segments = path.slice(5).split("/").slice(1);
  return !segments.some((segment) => segment === "." || segment === "..");
}

/** The cloud a bucket path belongs to: its credentials must be that cloud's. */
export function bucketCloud(path: string): "gcp" | "aws" | undefined {
  if (path.startsWith("gs://")) return "gcp";
  if (path.startsWith("s3://")) return "aws";
  return undefined;
}

type Destination =
  { kind: "cloud" } | { kind: "bucket"; path: string | undefined } | { kind: "unknown" };

/** A bucket path anywhere the API might put one, or the is_external_storage flag. */
function destinationOf(schedule: Schedule): Destination {
  const storage = schedule.external_storage;
  const bucket = isRecord(storage) ? storage.bucket : schedule.bucket;
  const candidates = [
    isRecord(bucket) ? bucket.path : bucket,
    isRecord(storage) ? storage.path : undefined,
    schedule.bucket_path,
  ];
  const path = candidates.find(
    (value): value is string => typeof value === "string" && value !== "",
  );
  if (path !== undefined) return { kind: "bucket", path };
  if (schedule.is_external_storage === true) return { kind: "bucket", path: undefined };
  if (schedule.is_external_storage === false) return { kind: "cloud" };
  return { kind: "unknown" };
}

/** Whether an existing schedule writes where a new one would: yes, no, or "unknown". */
export function sameDestination(
  existing: Schedule,
  bucketPath: string | undefined,
): boolean | "unknown" {
  const there = destinationOf(existing);
  if (there.kind === "unknown") return "unknown";
  if (bucketPath === undefined) return there.kind === "cloud";
  if (there.kind === "cloud") return false;
  if (there.path === undefined) return "unknown";
  return trimSlashes(there.path) === trimSlashes(bucketPath);
}

export function describeDestination(bucketPath: string | undefined): string {
  return bucketPath === undefined ? "MariaDB Cloud storage" : `your bucket ${bucketPath}`;
}

const trimSlashes = (path: string) => path.replace(/\/+$/, "");

/**
 * Which suspended schedules a resume undoes. The server keeps no state, so a
 * pause hands back the ids it suspended (its `resume_with`), and a resume
 * given those ids undoes exactly that pause. A resume given no ids judges
 * from `updated_at`: a pause's PATCHes land within seconds of each other, so
 * the suspensions within ONE_PAUSE_SPAN_MS of the newest one are the last
 * pause; anything suspended earlier (or with no readable date) was suspended
 * on purpose by someone, and is named and left unless asked for by id.
 */
const ONE_PAUSE_SPAN_MS = 10 * MINUTE_MS;

export interface ResumeSplit {
  /** Resumed by this call. */
  resume: Schedule[];
  /** Suspended, and left so: suspended before the last pause, or not among the ids asked for. */
  keep: Schedule[];
}

/** Splits a service's suspended recurring schedules into what a resume undoes and what it leaves. */
export function splitForResume(
  suspended: readonly Schedule[],
  askedIds: readonly number[] | undefined,
): ResumeSplit {
  if (askedIds !== undefined) {
    const asked = new Set(askedIds.map(String));
    return {
      resume: suspended.filter((s) => asked.has(String(s.id))),
      keep: suspended.filter((s) => !asked.has(String(s.id))),
    };
  }
  const times = suspended.map((s) => parseApiTime(s.updated_at));
  const known = times.filter((t): t is number => t !== undefined);
  if (known.length === 0) return { resume: [], keep: [...suspended] };
  const lastPauseFrom = Math.max(...known) - ONE_PAUSE_SPAN_MS;
  const inLastPause = (index: number) => (times[index] ?? -Infinity) >= lastPauseFrom;
  return {
    resume: suspended.filter((_, index) => inLastPause(index)),
    keep: suspended.filter((_, index) => !inLastPause(index)),
  };
}

/** "#9 (suspended since 2026-11-02 10:00 UTC)", or "(date unknown)" when the API gave none. */
export function suspendedSince(schedule: Schedule): string {
  const since = parseApiTime(schedule.updated_at);
  return `#${shownId(schedule)} (${since === undefined ? "suspension date unknown" : `suspended since ${apiTimeText(schedule.updated_at)}`})`;
}
