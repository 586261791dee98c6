/**
 * POST /restores bodies, checked for shape only (state checks are in
 * handlers.ts). Every refusal is a 400 saying what to send: the spec
 * lists no other client error for restores.
 */
import { isRecord } from "../util/untrusted-text.js";
import { BACKUP_TYPES, type BackupType } from "../api/records.js";
import { checkPoint, restoreDiskBytes } from "./factories.js";
import {
  badRequest,
  quote,
  pointInTime,
  humanBytes,
  rfc3339,
  type Backup,
  type ServiceInfo,
} from "./primitives.js";
import type { EmulatorState, RestoreRun } from "./state.js";
import { MINUTE_MS } from "../util/time.js";

type ExternalMethod = "mariabackup" | "mysqldump";

/** What the request asks for, by the three documented shapes. */
export type RestoreInput = { targetId: string } & (
  | { kind: "managed"; backupId: string }
  | { kind: "pitr"; sourceId: string; pointMs: number; point: string }
  | { kind: "external"; file: string; bucket: string; method: ExternalMethod }
);

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  return v === null ? "null" : typeof v === "string" ? quote(v) : `a ${typeof v}`;
}

function requiredString(v: unknown, what: string): string {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  throw badRequest(`${what} (got ${v === undefined ? "nothing" : describe(v)})`);
}

/** `key` is what the older docs send instead of `id`; both name the backup. */
function backupRef(body: Record<string, unknown>): string {
  const { id, key } = body;
  if (id !== undefined && key !== undefined && id !== key) {
    throw badRequest(
      `send the backup as "id" only; "id" ${describe(id)} and "key" ${describe(key)} differ`,
    );
  }
  return requiredString(
    id ?? key,
    "id is required: the backup id from GET /skybackup/v1/backups?service_id=…, the source service id with point_in_time, or the file in the bucket with external_source",
  );
}

const POINT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** 'YYYY-MM-DD hh:mm:ss' in UTC, exactly as the spec says; nothing else is guessed at. */
function readPointInTime(v: unknown): { pointMs: number; point: string } {
  const help = `point_in_time must be 'YYYY-MM-DD hh:mm:ss' in UTC, e.g. "2025-06-14 17:18:21"`;
  if (typeof v !== "string") throw badRequest(`${help} (got ${describe(v)})`);
  const m = POINT.exec(v.trim());
  if (m === null) throw badRequest(`${help} (got ${quote(v)})`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw badRequest(`${help}; ${quote(v)} is not a real date and time`);
  }
  return { pointMs: ms, point: v.trim() };
}

function externalSource(v: unknown): { bucket: string; method: ExternalMethod } {
  if (!isRecord(v)) {
    throw badRequest(
      `external_source must be an object {bucket, method, credentials?, encryption_key?} (got ${describe(v)})`,
    );
  }
  const bucket = requiredString(
    v.bucket,
    'external_source.bucket is required: "gs://BUCKET/" or "s3://BUCKET/"',
  );
  if (!/^(gs|s3):\/\/[^/\s]+/.test(bucket)) {
    throw badRequest(
      `external_source.bucket must start with gs:// or s3:// and name a bucket, e.g. "gs://my-backups/" (got ${quote(bucket)})`,
    );
  }
  const method = v.method;
  if (method !== "mariabackup" && method !== "mysqldump") {
    throw badRequest(
      `external_source.method must be "mariabackup" or "mysqldump", the tool that made the backup (got ${method === undefined ? "nothing" : describe(method)})`,
    );
  }
  if (v.credentials !== undefined)
    base64Credentials(v.credentials, "external_source.credentials", "key.json");
  if (v.encryption_key !== undefined && typeof v.encryption_key !== "string") {
    throw badRequest(
      `external_source.encryption_key must be a string (got ${describe(v.encryption_key)})`,
    );
  }
  return { bucket, method };
}

/**
 * Credentials, in a schedule's bucket or a restore's external source: Go
 * decodes a []byte from a base64 string, so that is what the API really
 * takes. Never echoed.
 */
function base64Credentials(v: unknown, field: string, example: string): void {
  const must = `${field} must be a base64-encoded string`;
  if (typeof v !== "string") {
    const why = Array.isArray(v)
      ? " (not an array of integers, whatever the API document says)"
      : "";
    throw badRequest(`${must}${why}; e.g. the output of: base64 -w0 ${example}`);
  }
  const compact = v.replace(/[\r\n]/g, "");
  const valid = compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  if (!valid || compact.length === 0) throw badRequest(`${must}; it does not decode as base64`);
}

export function parseRestore(body: unknown): RestoreInput {
  if (!isRecord(body)) {
    throw badRequest(
      `request body must be a JSON object {id, service_id, point_in_time?, external_source?} (got ${body === undefined ? "nothing" : describe(body)})`,
    );
  }
  const ref = backupRef(body);
  const targetId = requiredString(
    body.service_id,
    "service_id is required: the service to restore INTO (its data is erased)",
  );
  const hasPoint = body.point_in_time !== undefined && body.point_in_time !== "";
  if (hasPoint && body.external_source !== undefined) {
    throw badRequest(
      "point_in_time and external_source cannot be combined: a point-in-time restore reads managed backups only",
    );
  }
  if (body.external_source !== undefined) {
    return { kind: "external", targetId, file: ref, ...externalSource(body.external_source) };
  }
  if (hasPoint)
    return { kind: "pitr", targetId, sourceId: ref, ...readPointInTime(body.point_in_time) };
  return { kind: "managed", targetId, backupId: ref };
}

/**
 * What each documented restore shape reads, and the refusals specific to it:
 * a managed backup (same cloud, Succeeded, not a lone binlog), a point in
 * time (same cloud, inside the source's unbroken binlog coverage), an
 * external bucket (not into Azure, which restores snapshots only).
 */
const MB = 1_000_000;
/** An external file's size is unknown to the emulator; assume this much. */
const EXTERNAL_BYTES = 10_000 * MB;
const LOOKUP_HINT = "GET /skybackup/v1/restores/pointintime/lookup";

/** What a restore reads: named in the record, sized for its run time, and the disk it needs. */
interface RestoreSource {
  backupId: string;
  bucket: string;
  type: "physical" | "logical";
  bytes: number;
  need: number;
}

/** The managed bucket path of a service's backups, stable per service (the docs end it in an org id). */
export function managedBucket(svc: ServiceInfo): string {
  let h = 0x811c9dc5;
  for (const ch of svc.id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const scheme =
    svc.cloudProvider === "aws" ? "s3" : svc.cloudProvider === "azure" ? "azure" : "gs";
  return `${scheme}://sky-syst0000-backup-us-${h.toString(16).padStart(8, "0")}/orgdemo1x`;
}

function backupsOf(state: EmulatorState, serviceId: string): Backup[] {
  return state.backups.filter((b) => b.service_id === serviceId);
}

function sameCloud(backupCloud: string, what: string, target: ServiceInfo): void {
  if (backupCloud === target.cloudProvider) return;
  throw badRequest(
    `${what} is on ${backupCloud} but ${target.id} runs on ${target.cloudProvider}: managed backups restore only within the same cloud provider; export the backup to your own bucket and restore it with external_source, or pick a ${backupCloud} target (POST /skybackup/v1/restores/lookup lists them)`,
  );
}

function managed(state: EmulatorState, backupId: string, target: ServiceInfo): RestoreSource {
  const backup = state.backups.find((b) => b.id === backupId);
  if (backup === undefined) {
    const isService = state.service(backupId) !== undefined;
    throw badRequest(
      isService
        ? `id ${quote(backupId)} is a service id: send point_in_time too for a point-in-time restore, or send a backup id from GET /skybackup/v1/backups?service_id=${backupId}`
        : `backup ${quote(backupId)} not found: send an id from GET /skybackup/v1/backups?service_id=… (backups are kept 7 days)`,
    );
  }
  if (backup.status !== "Succeeded") {
    throw badRequest(
      `backup ${backup.id} is ${backup.status}; only a Succeeded backup can be restored`,
    );
  }
  if (backup.type === "binarylog") {
    throw badRequest(
      `backup ${backup.id} is a binarylog backup, which cannot be restored on its own: restore a full, snapshot or dump backup, or restore to a point in time (point_in_time with the source service id)`,
    );
  }
  sameCloud(backup.cloud_provider, `backup ${backup.id}`, target);
  const source = state.service(backup.service_id);
  const full =
    backup.type === "incremental"
      ? state.backups.find((b) => b.id === backup.reference_full_backup)
      : undefined;
  return {
    backupId: backup.id,
    bucket: source === undefined ? "" : managedBucket(source),
    type: backup.type === "dump" ? ("logical" as const) : ("physical" as const),
    bytes: backup.backup_size + (full?.backup_size ?? 0),
    need: backup.disk_size_bytes,
  };
}

function pitr(
  state: EmulatorState,
  input: Extract<RestoreInput, { kind: "pitr" }>,
  target: ServiceInfo,
): RestoreSource {
  const source = state.service(input.sourceId);
  if (source === undefined) {
    throw badRequest(
      input.sourceId.includes(":")
        ? `with point_in_time, id is the SOURCE SERVICE id (like ${target.id}), not a backup id (got ${quote(input.sourceId)})`
        : `source service ${quote(input.sourceId)} not found: with point_in_time, id is the id of the service whose data to restore`,
    );
  }
  sameCloud(source.cloudProvider, `source service ${source.id}`, target);
  const check = checkPoint(backupsOf(state, source.id), input.pointMs);
  if ("outside" in check) {
    const w = check.outside;
    throw badRequest(
      w === undefined
        ? `service ${source.id} has no point-in-time coverage: it needs a successful full backup followed by binlog backups`
        : `point_in_time ${quote(input.point)} is outside ${source.id}'s point-in-time window, ${pointInTime(w.startMs)} to ${pointInTime(w.endMs)} UTC; pick a time inside it (${LOOKUP_HINT})`,
    );
  }
  if ("gap" in check) {
    throw badRequest(
      `point_in_time ${quote(input.point)} cannot be reached: ${source.id} has no binlog backups between ${pointInTime(check.gap.startMs)} and ${pointInTime(check.gap.endMs)} UTC; pick a time before that gap or after the next full backup`,
    );
  }
  return {
    backupId: source.id,
    bucket: managedBucket(source),
    type: "physical" as const,
    bytes: check.base.backup_size,
    need: check.base.disk_size_bytes,
  };
}

function external(
  input: Extract<RestoreInput, { kind: "external" }>,
  target: ServiceInfo,
): RestoreSource {
  if (target.cloudProvider === "azure") {
    throw badRequest(
      `${target.id} runs on azure, where restores come from snapshots only; restore the external backup into a gcp or aws service`,
    );
  }
  const type = input.method === "mysqldump" ? ("logical" as const) : ("physical" as const);
  return { backupId: input.file, bucket: input.bucket, type, bytes: EXTERNAL_BYTES, need: 0 };
}

/**
 * What POST /restores checks against the state, and what the accepted
 * restore will do: which backup it reads, how long it runs, how it ends.
 * Refusals are 400s that say what to send instead (the spec lists only 400
 * and 500). Rules follow RESTORES-NOTES.md §2: managed backups restore only
 * within their cloud provider, a point in time needs unbroken binlogs from a
 * base backup, Azure takes snapshots only.
 */
/** Simulated restore speed: a fixed start-up plus the data at 100 MB/s, before the speed-up. */
const STARTUP_MS = 2 * MINUTE_MS;
const BYTES_PER_SECOND = 100 * MB;
/** A restore that cannot fit fails this far into its run. */
const FAIL_AT = 0.2;

export type RestoreDraft = Omit<RestoreRun, "id">;

/** The disk a service has to restore into: its own, unless the dataset gave it more. */
const diskOf = (svc: ServiceInfo): number => svc.diskBytes ?? restoreDiskBytes(svc.dataBytes);

function findTarget(state: EmulatorState, targetId: string, nowMs: number): ServiceInfo {
  const target = state.service(targetId);
  if (target === undefined) {
    throw badRequest(
      `target service ${quote(targetId)} not found: service_id must be an existing service to restore into`,
    );
  }
  const running = state.restores.runningOn(target.id, nowMs);
  if (running !== undefined) {
    throw badRequest(
      `service ${target.id} already has restore ${running.id} running (started ${rfc3339(running.createdMs)}); wait for it to finish, or cancel it with DELETE /skybackup/v1/restores/${running.id}`,
    );
  }
  return target;
}

/** The disk check: a backup needing more than the target has ends Failed, not refused up front. */
function outcomeFor(
  need: number,
  target: ServiceInfo,
  runMs: number,
): Pick<RestoreDraft, "outcome"> & { runMs: number } {
  const have = diskOf(target);
  if (need <= have) return { outcome: { status: "Succeeded" }, runMs };
  const message = `Restore has failed: the backup needs ${humanBytes(need)} of disk but ${target.id} has ${humanBytes(have)}; scale up ${target.id}'s storage or restore into a larger service`;
  return { outcome: { status: "Failed", message }, runMs: runMs * FAIL_AT };
}

export function planRestore(state: EmulatorState, input: RestoreInput): RestoreDraft {
  const nowMs = state.now().getTime();
  const target = findTarget(state, input.targetId, nowMs);
  const what =
    input.kind === "managed"
      ? managed(state, input.backupId, target)
      : input.kind === "pitr"
        ? pitr(state, input, target)
        : external(input, target);
  const fullRunMs = (STARTUP_MS + (what.bytes / BYTES_PER_SECOND) * 1000) / state.restoreSpeedup;
  const { outcome, runMs } = outcomeFor(what.need, target, fullRunMs);
  return {
    serviceId: target.id,
    serviceName: target.name,
    backupId: what.backupId,
    bucket: what.bucket,
    type: what.type,
    createdMs: nowMs,
    // Whole seconds, at least one, so a restore is always seen Running first.
    endsMs: nowMs + Math.max(1000, Math.round(runMs / 1000) * 1000),
    outcome,
  };
}

export interface CreateInput {
  serviceId: string;
  type: BackupType;
  schedule: string;
  external: boolean;
}

export interface PatchInput {
  type?: BackupType;
  schedule?: string;
  suspended?: boolean;
}

const CRON_HELP =
  'schedule must be "once" or a 5-field cron expression "minute hour day-of-month month ' +
  'day-of-week" in UTC, e.g. "0 2 * * *" (nightly at 02:00)';

function backupType(v: unknown): BackupType {
  const list = BACKUP_TYPES.join(", ");
  if (v === undefined) throw badRequest(`backup_type is required: one of ${list}`);
  const found = BACKUP_TYPES.find((t) => t === v);
  if (found === undefined)
    throw badRequest(`backup_type must be one of ${list} (got ${describe(v)})`);
  return found;
}

function schedule(v: unknown): string {
  if (typeof v !== "string") throw badRequest(`${CRON_HELP}; got ${describe(v)}`);
  if (v === "once") return v;
  const problem = cronProblem(v);
  if (problem !== undefined) throw badRequest(`${CRON_HELP}; got ${quote(v)}: ${problem}`);
  return v.trim().split(/\s+/).join(" ");
}

function externalStorage(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  const bucket = isRecord(v) ? v["bucket"] : undefined;
  if (!isRecord(bucket)) {
    throw badRequest(
      'external_storage must be {"bucket":{"path":"gs://…","credentials":"<base64>"}}',
    );
  }
  const path = bucket["path"];
  if (typeof path !== "string" || path.trim() === "") {
    throw badRequest("external_storage.bucket.path is required, e.g. gs://my-bucket/backups");
  }
  if (bucket["credentials"] !== undefined)
    base64Credentials(
      bucket["credentials"],
      "external_storage.bucket.credentials",
      "credentials.json",
    );
  return true;
}

export function parseCreate(body: unknown): CreateInput {
  if (!isRecord(body)) {
    throw badRequest(
      `request body must be a JSON object with service_id, backup_type and schedule (got ${body === undefined ? "an empty body" : describe(body)})`,
    );
  }
  const serviceId = body["service_id"];
  if (serviceId === undefined || serviceId === "") {
    throw badRequest("service_id is required: the id of the database service, e.g. dbtgf28216706");
  }
  if (typeof serviceId !== "string") {
    throw badRequest(
      `service_id must be a string such as "dbtgf28216706" (got ${describe(serviceId)})`,
    );
  }
  return {
    serviceId,
    type: backupType(body["backup_type"]),
    schedule: schedule(body["schedule"]),
    external: externalStorage(body["external_storage"]),
  };
}

export function parsePatch(body: unknown): PatchInput {
  const fields = "backup_type, schedule or suspended";
  if (!isRecord(body)) throw badRequest(`request body must be a JSON object with ${fields}`);
  const input: PatchInput = {};
  if (body["backup_type"] !== undefined) input.type = backupType(body["backup_type"]);
  if (body["schedule"] !== undefined) {
    input.schedule = schedule(body["schedule"]);
    if (input.schedule === "once") {
      throw badRequest(
        "a schedule cannot be changed to once; create a one-time schedule with POST",
      );
    }
  }
  if (body["suspended"] !== undefined) {
    if (typeof body["suspended"] !== "boolean") {
      throw badRequest(`suspended must be true or false (got ${describe(body["suspended"])})`);
    }
    input.suspended = body["suspended"];
  }
  if (Object.keys(input).length === 0)
    throw badRequest(`request body must set at least one of ${fields}`);
  return input;
}

/**
 * Validates the 5-field cron the API accepts (minute hour day-of-month month day-of-week, UTC).
 * Returns a sentence naming the bad part, or undefined when the expression is valid.
 */
interface Field {
  name: string;
  min: number;
  max: number;
  /** Names usable instead of numbers; index + offset is the value. */
  names?: readonly string[];
  offset?: number;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    offset: 1,
  },
  // 7 is Sunday too, as in Vixie cron.
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

class CronProblem extends Error {}

function value(token: string, f: Field): number {
  if (/^\d{1,4}$/.test(token)) {
    const n = Number(token);
    if (n < f.min || n > f.max) {
      throw new CronProblem(`${f.name} value ${n} is out of range ${f.min}-${f.max}`);
    }
    return n;
  }
  const index = f.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return index + (f.offset ?? 0);
  const hint = f.names ? ` or a name such as ${f.names[0]}` : "";
  throw new CronProblem(`${f.name} value "${token}" is not a number${hint}`);
}

function checkItem(item: string, f: Field): void {
  const [range = "", step, ...extra] = item.split("/");
  if (extra.length > 0) throw new CronProblem(`${f.name} item "${item}" has more than one "/"`);
  if (step !== undefined && (!/^\d{1,4}$/.test(step) || Number(step) < 1)) {
    throw new CronProblem(`${f.name} step "${step}" must be a positive integer`);
  }
  if (range === "*") return;
  const bounds = range.split("-");
  if (bounds.length > 2 || bounds.some((b) => b === "")) {
    throw new CronProblem(`${f.name} item "${item}" is not a value, a range like 1-5, or *`);
  }
  const [low, high] = bounds.map((b) => value(b, f));
  if (low !== undefined && high !== undefined && low > high) {
    throw new CronProblem(`${f.name} range "${range}" runs backwards`);
  }
}

export function cronProblem(expression: string): string | undefined {
  if (expression.length > 200) return "the expression is longer than 200 characters";
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `expected 5 space-separated fields but found ${parts[0] === "" ? 0 : parts.length}`;
  }
  try {
    FIELDS.forEach((f, i) => {
      for (const item of (parts[i] ?? "").split(",")) {
        if (item === "") throw new CronProblem(`${f.name} field has an empty list item`);
        checkItem(item, f);
      }
    });
    return undefined;
  } catch (err) {
    if (err instanceof CronProblem) return err.message;
    throw err;
  }
}
