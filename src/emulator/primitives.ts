import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BackupType } from "../api/records.js";
import { DAY_MS, HOUR_MS } from "../util/time.js";

export type BackupStatus = "Succeeded" | "Failed" | "Running";
export type CloudProvider = "gcp" | "aws" | "azure";

/** A backup exactly as the API returns it (field order follows the vendor's example). */
export interface Backup {
  id: string;
  service_id: string;
  service_name: string;
  type: BackupType;
  method: string;
  server_pod: string;
  backup_size: number;
  storage_bytes: number;
  disk_size: string;
  disk_size_bytes: number;
  reference_full_backup: string;
  point_in_time: string;
  start_time: string;
  end_time: string;
  status: BackupStatus;
  cloud_provider: CloudProvider;
  is_external_storage: boolean;
  binlog_file?: string;
  binlog_position?: string;
  binlog_gtid_position?: string;
}

/** A backup schedule exactly as the API returns it. */
export interface BackupSchedule {
  id: number;
  service_id: string;
  service_name: string;
  cloud_provider: CloudProvider;
  schedule: string;
  type: BackupType;
  status: string;
  message: string;
  suspended: boolean;
  created_at: string;
  updated_at: string;
  labels: Record<string, string>;
  is_external_storage?: boolean;
}

/** What the emulator knows about a database service; the API never returns this object. */
export interface ServiceInfo {
  id: string;
  name: string;
  cloudProvider: CloudProvider;
  serverPod: string;
  /** Data size at generation time; older backups are proportionally smaller. */
  dataBytes: number;
  growthPerDay: number;
  /** Method used for full and incremental backups. */
  method: "skybucket" | "mariabackup";
  /** Disk a restore into this service can fill; default: what its own data needs (restoreDiskBytes). */
  diskBytes?: number;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `YYYY-MM-DD<separator>hh:mm:ss<suffix>` in UTC. Hand-rolled (Hinnant's civil-from-days) because the generator
 * formats hundreds of thousands of timestamps and Date#toISOString dominated its profile.
 */
function utc(ms: number, separator: string, suffix: string): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const time = `${pad2(Math.floor(rem / 3600))}:${pad2(Math.floor((rem % 3600) / 60))}:${pad2(rem % 60)}`;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}${separator}${time}${suffix}`;
}

/** RFC 3339 in UTC without fractions, as the API prints `start_time` (so strings sort by time). */
export function rfc3339(ms: number): string {
  return utc(ms, "T", "Z");
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, the API's `point_in_time` format. */
export function pointInTime(ms: number): string {
  return utc(ms, " ", "");
}

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** Decimal units, one fraction digit: the API's human-readable `disk_size`. */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit] ?? "B"}`;
}

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function floorDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  500: "Internal Server Error",
};

/** A failure a handler wants the client to see; the server turns it into a web.ErrorResponse. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);

function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Error";
}

/** The API's error shape, `web.ErrorResponse`, with a numeric timestamp from the injected clock. */
export interface ErrorResponse {
  code: number;
  errors: { error: string; message: string }[];
  exception: string;
  path: string;
  timestamp: number;
  trace_id: string;
}

export function errorBody(
  status: number,
  message: string,
  path: string,
  nowMs: number,
): ErrorResponse {
  const reason = reasonPhrase(status);
  return {
    code: status,
    errors: [{ error: reason, message }],
    exception: `${reason.replace(/\s+/g, "")}Exception`,
    path,
    timestamp: nowMs,
    trace_id: randomBytes(16).toString("hex"),
  };
}

/** Quotes client input in messages without letting it flood them. */
export function quote(input: string): string {
  const short = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return JSON.stringify(short);
}

/** Seeded generator so a dataset is reproducible from (seed, now) alone. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer uniform in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `chars` lowercase hex digits. */
  hex(chars: number): string;
}

/** Read-only lookup table: byte -> two hex digits (ids are generated in bulk). */
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** mulberry32: tiny, fast and good enough for fake data (not for anything secret). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new RangeError("pick() needs a non-empty list");
      return item;
    },
    hex(chars) {
      let out = "";
      while (out.length < chars) {
        const word = Math.floor(next() * 4294967296);
        out += (HEX_BYTES[word >>> 24] ?? "") + (HEX_BYTES[(word >>> 16) & 255] ?? "");
        out += (HEX_BYTES[(word >>> 8) & 255] ?? "") + (HEX_BYTES[word & 255] ?? "");
      }
      return out.slice(0, chars);
    },
  };
}

/** Derives an independent stream per service, so one service's data never shifts another's. */
export function mixSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

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

const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much draining an oversized upload, drop the connection instead. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

const tooLarge = (): HttpError =>
  new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`, {
    connection: "close",
  });

/**
 * Reads the whole body, refusing more than 1 MiB. An oversized body is drained before the 413
 * so the client, still writing, reads the answer instead of a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > MAX_BODY_BYTES;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        reject(tooLarge());
      } else if (!over) chunks.push(chunk);
    });
    req.on("end", () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** Parses a request body as JSON; `undefined` when the body is empty. */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw badRequest("request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? `: ${err.message}` : "";
    throw badRequest(`request body is not valid JSON${detail}`);
  }
}

export interface Reply {
  status: number;
  /** Omitted for an empty body (DELETE answers 200 with nothing). */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status, { "content-length": "0" });
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": String(payload.length),
  });
  res.end(payload);
}
