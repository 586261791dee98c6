/**
 * Lenient reading of API records. The OpenAPI document is generated and loose,
 * so nothing it says is trusted: every field is optional, unknown fields are
 * kept as they came, and a known field of the wrong type is coerced when the
 * meaning is clear ("123" -> 123) and dropped when it is not. The result always
 * matches the declared kinds, so output-schema validation cannot fail on it.
 *
 * A "word" is a field the document gives a small vocabulary (a status, a
 * type, a method, a cloud): tools show it bare. One that is not a plain word
 * ("Succeeded" followed by a forged sentence) is kept, but quoted, so
 * wherever it is shown it reads as the API's data, never as the server's words.
 * Ids are held to the same rule with an id's alphabet (no spaces, nothing
 * that quotes): a "key" is a string id (a backup's, a service's).
 *
 * An "id" (a schedule's, a restore's) is a whole number, in the tools'
 * inputs and outputs alike, so a client sees one type. One the API writes
 * otherwise (1.5, "x/y") could never be sent back anyway (util/ids.ts): it
 * leaves `id` and is kept as `unusable_id`, its JSON as the API wrote it
 * ("1.5", "\"x/y\"", or quoted when it is not an id's alphabet), so a tool
 * can still name the record it cannot address.
 */
import { isRecord, quoted } from "../util/untrusted-text.js";

const PLAIN_WORD = /^[A-Za-z0-9][\w .:+/-]{0,39}$/;
// Empty is allowed: "" is how the API says "none" (a full's reference_full_backup).
const PLAIN_KEY = /^[\w.:@+/-]{0,200}$/;
export type FieldKind = "string" | "word" | "key" | "number" | "boolean" | "record" | "id";
export type FieldTable = Readonly<Record<string, FieldKind>>;
export type JsonRecord = Record<string, unknown>;

export { isRecord };

function coerce(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      return undefined;
    case "word":
      return plainOrQuoted(coerce("string", value), PLAIN_WORD);
    case "key":
      return plainOrQuoted(coerce("string", value), PLAIN_KEY);
    case "number":
      return toNumber(value);
    case "id":
      return wholeNumber(value);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return undefined;
    case "record":
      return isRecord(value) ? value : undefined;
  }
}

function plainOrQuoted(text: unknown, plain: RegExp): unknown {
  return typeof text === "string" && !plain.test(text) ? quoted(text) : text;
}

const UNUSABLE_ID = "unusable_id";

/** A schedule's or restore's id as text: the number, else what the API wrote, else "?". */
export function shownId(record: { id?: unknown; unusable_id?: unknown }): string {
  if (typeof record.id === "number") return String(record.id);
  return typeof record.unusable_id === "string" ? record.unusable_id : "?";
}

/** A whole number, or a string of one ("13"); anything else is not an id. */
function wholeNumber(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** How a record shows an id that is not a whole number: its JSON, or quoted when odd. */
function unusableId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string" || value === "") return undefined;
  return PLAIN_KEY.test(value) ? JSON.stringify(value) : quoted(value);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  // A string of 309 digits is a number too, but Infinity: no field's value.
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Whether a value already has the kind its field declares (so nothing needs coercing). */
function fits(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "word":
      return typeof value === "string" && PLAIN_WORD.test(value);
    case "key":
      return typeof value === "string" && PLAIN_KEY.test(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "id":
      return Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "record":
      return isRecord(value);
  }
}

/** Reads one record; anything that is not an object becomes an empty record. */
function readRecord(table: FieldTable, raw: unknown): JsonRecord {
  if (!isRecord(raw)) return {};
  // The common case: the API sent what the document says. Returning the
  // parsed object as it is saves a copy per record (100,000 in a big audit).
  let clean = true;
  for (const key in raw) {
    const kind = Object.hasOwn(table, key) ? table[key] : undefined;
    if ((kind !== undefined && !fits(kind, raw[key])) || key === UNUSABLE_ID) {
      clean = false;
      break;
    }
  }
  if (clean) return raw;
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(raw)) {
    const kind = Object.hasOwn(table, key) ? table[key] : undefined;
    // The reader's own field: one the API sends under that name is not believed.
    if (key === UNUSABLE_ID) continue;
    const kept = kind === undefined ? value : coerce(kind, value);
    if (kind === "id" && kept === undefined) {
      const shown = unusableId(value);
      if (shown !== undefined) out[UNUSABLE_ID] = shown;
      continue;
    }
    // defineProperty, not assignment: a "__proto__" key from the API stays data, never a prototype.
    if (kept !== undefined)
      Object.defineProperty(out, key, {
        value: kept,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

function readCount(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && n >= 0 ? Math.floor(n) : undefined;
}

/**
 * What the API returns, read leniently (see the top of this file), as plain types the
 * tools can rely on. Field tables follow the OpenAPI document plus the fields
 * REAL-API-NOTES.md says the real API sends (backup_size).
 */
/** The five backup types the API accepts, in the order its documentation lists them. */
export const BACKUP_TYPES = ["full", "incremental", "binarylog", "dump", "snapshot"] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];

/** Types a restore can start from: physical fulls, volume snapshots and logical dumps. */
const BASE_TYPES: ReadonlySet<string> = new Set<BackupType>(["full", "snapshot", "dump"]);
export const isBaseType = (type: string): boolean => BASE_TYPES.has(type);

export const BACKUP_FIELDS: FieldTable = {
  id: "key",
  service_id: "key",
  service_name: "string",
  type: "word",
  method: "word",
  status: "word",
  server_pod: "string",
  point_in_time: "string",
  start_time: "string",
  end_time: "string",
  reference_full_backup: "key",
  binlog_file: "string",
  binlog_position: "string",
  binlog_gtid_position: "string",
  cloud_provider: "word",
  disk_size: "string",
  backup_size: "number",
  storage_bytes: "number",
  disk_size_bytes: "number",
  is_external_storage: "boolean",
};

export const SCHEDULE_FIELDS: FieldTable = {
  id: "id",
  service_id: "key",
  service_name: "string",
  schedule: "string",
  type: "word",
  status: "word",
  message: "string",
  cloud_provider: "word",
  scheduled_at: "string",
  created_at: "string",
  updated_at: "string",
  suspended: "boolean",
  labels: "record",
};

/** A backup as the API sent it; every field may be missing. */
export interface Backup extends JsonRecord {
  id?: string;
  service_id?: string;
  service_name?: string;
  type?: string;
  method?: string;
  status?: string;
  point_in_time?: string;
  start_time?: string;
  end_time?: string;
  reference_full_backup?: string;
  backup_size?: number;
  storage_bytes?: number;
}

export interface Schedule extends JsonRecord {
  id?: number;
  /** An id the API wrote as no whole number (api/records.ts): shown, never sent. */
  unusable_id?: string;
  service_id?: string;
  schedule?: string;
  type?: string;
  status?: string;
  message?: string;
  suspended?: boolean;
}

/**
 * True unless the record names a different service than the one asked for:
 * the API's service_id filter is not trusted, so every per-service read
 * keeps only the records this says are the service's.
 */
export function belongsTo(record: { service_id?: unknown }, serviceId: string): boolean {
  // "" is how the API says "none", as on backups: it names no other service.
  const named = record.service_id;
  return named === undefined || named === "" || named === serviceId;
}

/**
 * Every list the API returns, in one shape: the records, the count the API
 * reports for the whole list (backups_count, schedules_count,
 * restores_count) and its pages_count. The pager and the tools read this
 * shape alone, so no caller adapts a list by hand.
 */
export interface Page<T> {
  items: T[];
  total: number;
  pages: number;
}

export type BackupPage = Page<Backup>;
export type SchedulePage = Page<Schedule>;

/** A page from a paged body's records and counts; a missing count is what the records say. */
function pageOf<T>(items: T[], total: unknown, pages: unknown): Page<T> {
  return {
    items,
    total: readCount(total) ?? items.length,
    pages: readCount(pages) ?? (items.length > 0 ? 1 : 0),
  };
}

export const readBackup = (raw: unknown): Backup => readRecord(BACKUP_FIELDS, raw);
export const readSchedule = (raw: unknown): Schedule => readRecord(SCHEDULE_FIELDS, raw);

function readList(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [];
}

export function readBackupPage(raw: unknown): BackupPage {
  const body = isRecord(raw) ? raw : {};
  return pageOf(readList(body.backups).map(readBackup), body.backups_count, body.pages_count);
}

/**
 * GET /backups/{service_id} is documented as returning one backup but named
 * "all backups per service": accept a paged object, a bare array or one
 * backup object alike.
 */
export function readServiceBackups(raw: unknown): BackupPage {
  if (Array.isArray(raw)) return pageOf(raw.map(readBackup), undefined, undefined);
  if (isRecord(raw) && Array.isArray(raw.backups)) return readBackupPage(raw);
  if (isRecord(raw) && Object.keys(raw).length > 0) return pageOf([readBackup(raw)], 1, 1);
  return pageOf([], 0, 0);
}

export function readSchedulePage(raw: unknown): SchedulePage {
  const body = isRecord(raw) ? raw : {};
  return pageOf(readList(body.schedules).map(readSchedule), body.schedules_count, body.pages_count);
}

/**
 * The restore endpoints' records, read leniently (see the top of this file). The
 * OpenAPI document and the vendor's own examples disagree (RESTORES-NOTES.md
 * §1.1, §3): the list and get-by-id may come as a paged object, a bare array
 * or an array of one, and the backup may be named `backup_id` or `key`. Every
 * shape is accepted; a list entry that is not an object carries nothing and
 * is dropped.
 */
export const RESTORE_FIELDS: FieldTable = {
  id: "id",
  service_id: "key",
  service_name: "string",
  backup_id: "key",
  key: "string",
  bucket: "string",
  type: "word",
  status: "word",
  message: "string",
  created_at: "string",
  updated_at: "string",
};

const SERVICE_FIELDS: FieldTable = {
  service_id: "key",
  service_name: "string",
  start_time: "string",
  end_time: "string",
};

/**
 * One restore operation. `service_id` is the TARGET (the service restored
 * into). `updated_at` is sent by the emulator only (when the status last
 * changed); the real API may not send it. Unknown fields are kept.
 */
export interface Restore extends JsonRecord {
  id?: number;
  /** An id the API wrote as no whole number (api/records.ts): shown, never sent. */
  unusable_id?: string;
  service_id?: string;
  service_name?: string;
  /** The backup key, or for a point-in-time restore the source service id; read from `key` when absent. */
  backup_id?: string;
  bucket?: string;
  /** "physical" or "logical" as far as the sources say; free text here. */
  type?: string;
  /** Running, Succeeded, Failed, Cancelled (emulator); the API documents no enum. */
  status?: string;
  message?: string;
  created_at?: string;
  updated_at?: string;
}

export type RestorePage = Page<Restore>;

/** A service a given backup can be restored into (POST /restores/lookup). */
export interface RestoreTarget extends JsonRecord {
  service_id?: string;
  service_name?: string;
}

export interface RestoreTargets {
  services: RestoreTarget[];
}

/**
 * A service that can supply a point-in-time restore, with the window it
 * covers. The times may be RFC 3339 or 'YYYY-MM-DD hh:mm:ss' UTC: read them
 * with util/time.ts parseApiTime.
 */
export interface PitrSource extends JsonRecord {
  service_id?: string;
  service_name?: string;
  start_time?: string;
  end_time?: string;
}

export interface PitrSources {
  services: PitrSource[];
}

export function readRestore(raw: unknown): Restore {
  const record: Restore = readRecord(RESTORE_FIELDS, raw);
  if (record.backup_id === undefined && typeof record.key === "string") {
    // readRecord may hand back the API's own object; never mutate it.
    return { ...record, backup_id: record.key };
  }
  return record;
}

const objectsIn = (list: unknown): unknown[] => (Array.isArray(list) ? list.filter(isRecord) : []);

/** A paged object (the spec) or a bare array (the docs' examples). */
export function readRestorePage(raw: unknown): RestorePage {
  if (Array.isArray(raw)) return pageOf(objectsIn(raw).map(readRestore), undefined, undefined);
  const body = isRecord(raw) ? raw : {};
  return pageOf(objectsIn(body.restores).map(readRestore), body.restores_count, body.pages_count);
}

/**
 * One restore: an object (the spec) or an array holding it (the docs'
 * example). From an array, the entry whose id matches the one asked for wins,
 * else one without an id (never another restore's); nothing gives an empty record.
 */
export function readOneRestore(raw: unknown, wantedId?: number): Restore {
  if (!Array.isArray(raw)) return readRestore(raw);
  const restores = objectsIn(raw).map(readRestore);
  const wanted = wantedId === undefined ? undefined : String(wantedId);
  const match = restores.find((r) => r.id !== undefined && String(r.id) === wanted);
  // Another restore never stands in for the one asked for; only an entry without an id may.
  return (
    match ??
    (wanted === undefined
      ? restores[0]
      : restores.find((r) => r.id === undefined && r.unusable_id === undefined)) ??
    {}
  );
}

function readServices(raw: unknown): JsonRecord[] {
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? raw.services : undefined;
  return objectsIn(list).map((entry) => readRecord(SERVICE_FIELDS, entry));
}

/** `{services: [...]}` or a bare array of services. */
export const readRestoreTargets = (raw: unknown): RestoreTargets => ({
  services: readServices(raw),
});

export const readPitrSources = (raw: unknown): PitrSources => ({ services: readServices(raw) });

/**
 * Whether a restore has ended: succeeded or failed by the one status reading
 * (outcomeOf, below). Anything else (Running, Scheduled, a status never seen) may
 * still be changing its target, so every check that guards a target treats
 * it as in progress: failing closed.
 */
export function isFinishedRestore(restore: { status?: unknown }): boolean {
  const outcome = outcomeOf(restore.status);
  return outcome === "succeeded" || outcome === "failed";
}

/**
 * One reading of the API's status strings, for backups and restores alike.
 * Only `Succeeded` and `Running` are documented; the failure strings are not
 * (REAL-API-NOTES, RESTORES-NOTES), so near spellings count too.
 */
export type Outcome = "succeeded" | "failed" | "running" | "other";

export function outcomeOf(status: unknown): Outcome {
  if (typeof status !== "string") return "other";
  // The API's own spellings, read without a copy: this runs for every backup of an audit.
  if (status === "Succeeded") return "succeeded";
  if (status === "Failed") return "failed";
  if (status === "Running") return "running";
  const s = status.trim().toLowerCase();
  if (/^(succeeded|success|successful|completed?|done|ok)$/.test(s)) return "succeeded";
  if (/fail|error|abort|cancel/.test(s)) return "failed";
  if (/running|progress|pending|queued|start/.test(s)) return "running";
  return "other";
}

/**
 * Minimal sanity checks on 2xx bodies. Everything inside a record is read
 * leniently; these only refuse bodies that cannot be what was asked for.
 */
function kindOf(value: unknown): string {
  if (value === undefined) return "an empty body";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A paged list: an object whose list field, when present, is an array. */
export function pagedList(listField: string): (body: unknown) => string | undefined {
  return (body) => {
    if (!isRecord(body)) return `expected a JSON object with "${listField}", got ${kindOf(body)}`;
    const list = body[listField];
    if (list !== undefined && list !== null && !Array.isArray(list)) {
      return `expected "${listField}" to be an array, got ${kindOf(list)}`;
    }
    return undefined;
  };
}

export function anObject(what: string): (body: unknown) => string | undefined {
  return (body) =>
    isRecord(body) ? undefined : `expected ${what} as a JSON object, got ${kindOf(body)}`;
}

/** An object or an array: GET /backups/{service_id}, and the restores' answers (spec or docs shape). */
export function objectOrArray(what: string): (body: unknown) => string | undefined {
  return (body) =>
    isRecord(body) || Array.isArray(body)
      ? undefined
      : `expected ${what} as a JSON object or array, got ${kindOf(body)}`;
}
