/**
 * The one format check for every id this server puts into a request: the
 * ids an assistant sends (the tools' input fields are built from these
 * rules) and the ids the API hands back that a later request reuses (a
 * backup's service_id, a schedule's id, a plan's base backup). The API's
 * data is read leniently, but an id it sends is not trusted to be safe in a
 * path, a query or a body: "../x", "a?b=1" or a 2-character service id
 * (the document wants at least 3 in a query, 5 in a path) would reach
 * another route or break the documented contract. A record whose id fails
 * is still shown; only the request that would carry the id is skipped, and
 * the answer says so.
 */
import { z } from "zod";
import { cleanText, quoted } from "./untrusted-text.js";

/** Words of the API's own paths: GET /backups/schedules is not a service's backups. */
const RESERVED_SEGMENTS = new Set(["schedules"]);

/** The API's schedule and restore ids are 32-bit integers. */
const MAX_RECORD_ID = 2_147_483_647;

// Patterns are checked with refine, not regex: a regex would be copied into
// tools/list as "pattern" and paid for in every conversation, for nothing a
// model needs beyond the example in the description.
const serviceIdRule = z
  .string()
  .refine(
    (id) => SERVICE_ID_PATTERN.test(id),
    "service_id must be a service id such as dbtgf28216706 (letters, digits, - or _)",
  )
  .refine(
    (id) => !RESERVED_SEGMENTS.has(id.toLowerCase()),
    "service_id cannot be a reserved word such as 'schedules'",
  );

/** Schedule and restore ids alike. */
const recordIdRule = z
  .number()
  .int("id must be a whole number")
  .min(1, "id must be >= 1")
  .max(MAX_RECORD_ID, "id is too large");

// A managed backup's id is "<hex>:<service id>:<pod>"; it travels in a JSON body, but no
// id needs a path-like "..", so none is passed on.
const backupIdRule = z
  .string()
  .refine((v) => v.length > 0 && v.length <= 200, "backup_id must be 1-200 characters")
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), "backup_id must be one line of text")
  .refine(
    (v) => /^[A-Za-z0-9._:-]+$/.test(v) && !v.includes(".."),
    "backup_id must be an id from list_backups",
  );

/** The rules by the kind of id, for the tools' input fields and for isSendableId alike. */
export const ID_RULES = {
  service: serviceIdRule,
  schedule: recordIdRule,
  restore: recordIdRule,
  backup: backupIdRule,
} as const;

export type IdKind = keyof typeof ID_RULES;

/** Whether an id (from the caller or read from the API) may go into a request. */
export function isSendableId(kind: "service" | "backup", value: unknown): value is string;
export function isSendableId(kind: "schedule" | "restore", value: unknown): value is number;
export function isSendableId(kind: IdKind, value: unknown): boolean {
  return ID_RULES[kind].safeParse(value).success;
}

/**
 * "service id "ab" from the API is not a valid service id": the start of
 * every sentence that says a request was skipped. The id is quoted with its
 * escapes, clipped, so it can neither break a line nor fill the answer.
 */
export function invalidApiIdText(kind: IdKind, value: unknown): string {
  return `${kind} id ${quotedId(value)} from the API is not a valid ${kind} id`;
}

const SHOWN_ID_CHARS = 40;

function quotedId(value: unknown): string {
  if (value === undefined) return "(none)";
  // Clipped before quoting, so the quotes always close; quoted() also makes controls, line
  // separators and bidi overrides harmless.
  if (typeof value === "string") {
    // An odd id is already quoted where it was read (api/records.ts): not quoted twice.
    const clean = alreadyQuoted(value) ?? cleanText(value);
    const clipped = clean.length > SHOWN_ID_CHARS;
    return `${quoted(clipped ? clean.slice(0, SHOWN_ID_CHARS) : clean)}${clipped ? "…" : ""}`;
  }
  // A function or symbol has no JSON: its type stands in for it.
  return cleanText(JSON.stringify(value) ?? `(a ${typeof value})`, SHOWN_ID_CHARS);
}

function alreadyQuoted(value: string): string | undefined {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return undefined;
  try {
    const inner: unknown = JSON.parse(value);
    return typeof inner === "string" ? cleanText(inner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Service ids look like db + 3 letters + 8 digits (dbtgf28216706); older or
 * future formats are allowed as long as they are one safe path segment of at
 * least 5 characters, as the API's path parameter requires.
 */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{4,63}$/;
