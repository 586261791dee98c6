/**
 * The restore endpoints' records, read leniently (see lenient.ts). The
 * OpenAPI document and the vendor's own examples disagree (RESTORES-NOTES.md
 * §1.1, §3): the list and get-by-id may come as a paged object, a bare array
 * or an array of one, and the backup may be named `backup_id` or `key`. Every
 * shape is accepted; a list entry that is not an object carries nothing and
 * is dropped.
 */
import { outcomeOf } from "./outcome.js";
import { isRecord, readCount, readRecord, type FieldTable, type JsonRecord } from "./lenient.js";

const RESTORE_FIELDS: FieldTable = {
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
  /** An id the API wrote as no whole number (api/lenient.ts): shown, never sent. */
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

export interface RestorePage {
  restores: Restore[];
  restores_count: number;
  pages_count: number;
}

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
  if (Array.isArray(raw)) {
    const restores = objectsIn(raw).map(readRestore);
    return { restores, restores_count: restores.length, pages_count: restores.length > 0 ? 1 : 0 };
  }
  const body = isRecord(raw) ? raw : {};
  const restores = objectsIn(body.restores).map(readRestore);
  return {
    restores,
    restores_count: readCount(body.restores_count) ?? restores.length,
    pages_count: readCount(body.pages_count) ?? (restores.length > 0 ? 1 : 0),
  };
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
 * (outcome.ts). Anything else (Running, Scheduled, a status never seen) may
 * still be changing its target, so every check that guards a target treats
 * it as in progress: failing closed.
 */
export function isFinishedRestore(restore: { status?: unknown }): boolean {
  const outcome = outcomeOf(restore.status);
  return outcome === "succeeded" || outcome === "failed";
}
