import { badRequest, quote } from "./errors.js";

export interface Paging {
  page: number;
  pageSize: number;
  order: "asc" | "desc";
}

/** Reads a 1-based integer query parameter; anything else is a 400 that says what to send. */
function positiveInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1)) throw badRequest(`${name} must be an integer >= 1 (got ${quote(raw)})`);
  return value;
}

export function parsePaging(query: URLSearchParams): Paging {
  const page = positiveInt(query, "page", 1);
  const pageSize = positiveInt(query, "page_size", 10);
  const raw = query.get("order");
  if (raw === null) return { page, pageSize, order: "desc" };
  const order = raw.toLowerCase();
  if (order !== "asc" && order !== "desc") {
    throw badRequest(`order must be "asc" or "desc" (got ${quote(raw)})`);
  }
  return { page, pageSize, order };
}

/** One page of a list kept in ascending order; `desc` reads it from the end without copying. */
export function pageOf<T>(ascending: readonly T[], p: Paging): T[] {
  const start = (p.page - 1) * p.pageSize;
  if (start >= ascending.length) return [];
  if (p.order === "asc") return ascending.slice(start, start + p.pageSize);
  const out: T[] = [];
  for (let i = ascending.length - 1 - start; i >= 0 && out.length < p.pageSize; i -= 1) {
    const item = ascending[i];
    if (item !== undefined) out.push(item);
  }
  return out;
}

export function pagesCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}

/** A query filter; an empty value means "no filter", as with most Go handlers. */
export function filterParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  return raw === null || raw === "" ? undefined : raw;
}
