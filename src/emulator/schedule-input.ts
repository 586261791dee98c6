import { cronProblem } from "./cron-check.js";
import { badRequest, quote } from "./errors.js";
import { BACKUP_TYPES, type BackupType } from "../api/records.js";

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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  return v === null ? "null" : typeof v === "string" ? quote(v) : `a ${typeof v}`;
}

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

/** Go decodes a []byte from a base64 string, so that is what the API really takes. */
function credentials(v: unknown): void {
  const must = "external_storage.bucket.credentials must be a base64-encoded string";
  if (typeof v !== "string") {
    const why = Array.isArray(v)
      ? " (not an array of integers, whatever the API document says)"
      : "";
    throw badRequest(`${must}${why}; e.g. the output of: base64 -w0 credentials.json`);
  }
  const compact = v.replace(/[\r\n]/g, "");
  const valid = compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  if (!valid || compact.length === 0) throw badRequest(`${must}; it does not decode as base64`);
}

function externalStorage(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  const bucket = isObject(v) ? v["bucket"] : undefined;
  if (!isObject(bucket)) {
    throw badRequest(
      'external_storage must be {"bucket":{"path":"gs://…","credentials":"<base64>"}}',
    );
  }
  const path = bucket["path"];
  if (typeof path !== "string" || path.trim() === "") {
    throw badRequest("external_storage.bucket.path is required, e.g. gs://my-bucket/backups");
  }
  if (bucket["credentials"] !== undefined) credentials(bucket["credentials"]);
  return true;
}

export function parseCreate(body: unknown): CreateInput {
  if (!isObject(body)) {
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
  if (!isObject(body)) throw badRequest(`request body must be a JSON object with ${fields}`);
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
