/**
 * Minimal sanity checks on 2xx bodies. Everything inside a record is read
 * leniently; these only refuse bodies that cannot be what was asked for.
 */
import { isRecord } from "./lenient.js";

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
