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
import { quoted } from "../util/untrusted-text.js";

const PLAIN_WORD = /^[A-Za-z0-9][\w .:+/-]{0,39}$/;
// Empty is allowed: "" is how the API says "none" (a full's reference_full_backup).
const PLAIN_KEY = /^[\w.:@+/-]{0,200}$/;
type FieldKind = "string" | "word" | "key" | "number" | "boolean" | "record" | "id";
export type FieldTable = Readonly<Record<string, FieldKind>>;
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
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
export function readRecord(table: FieldTable, raw: unknown): JsonRecord {
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

export function readCount(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && n >= 0 ? Math.floor(n) : undefined;
}
