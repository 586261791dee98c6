/**
 * POST /restores bodies, checked for shape only (state checks are in
 * restore-checks.ts). Every refusal is a 400 saying what to send: the spec
 * lists no other client error for restores.
 */
import { badRequest, quote } from "./errors.js";

type ExternalMethod = "mariabackup" | "mysqldump";

/** What the request asks for, by the three documented shapes. */
export type RestoreInput = { targetId: string } & (
  | { kind: "managed"; backupId: string }
  | { kind: "pitr"; sourceId: string; pointMs: number; point: string }
  | { kind: "external"; file: string; bucket: string; method: ExternalMethod }
);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

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
function pointInTime(v: unknown): { pointMs: number; point: string } {
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
  if (!isObject(v)) {
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
  if (v.credentials !== undefined) credentials(v.credentials);
  if (v.encryption_key !== undefined && typeof v.encryption_key !== "string") {
    throw badRequest(
      `external_source.encryption_key must be a string (got ${describe(v.encryption_key)})`,
    );
  }
  return { bucket, method };
}

/** Go decodes a []byte from a base64 string, so that is what the API really takes. Never echoed. */
function credentials(v: unknown): void {
  const must = "external_source.credentials must be a base64-encoded string";
  if (typeof v !== "string") {
    const why = Array.isArray(v)
      ? " (not an array of integers, whatever the API document says)"
      : "";
    throw badRequest(`${must}${why}; e.g. the output of: base64 -w0 key.json`);
  }
  const compact = v.replace(/[\r\n]/g, "");
  const valid = compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  if (!valid || compact.length === 0) throw badRequest(`${must}; it does not decode as base64`);
}

export function parseRestore(body: unknown): RestoreInput {
  if (!isObject(body)) {
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
    return { kind: "pitr", targetId, sourceId: ref, ...pointInTime(body.point_in_time) };
  return { kind: "managed", targetId, backupId: ref };
}
