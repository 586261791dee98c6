/**
 * The one error type the API layer throws. It carries what an agent (and a
 * human reading a log) needs to act: the request, the status, the API's own
 * words and its trace id, plus a hint on what to do next. It never carries
 * request headers, so the API key cannot leak through it.
 */
import { isRecord } from "./records.js";
import { cleanText, quoted, shown } from "../util/untrusted-text.js";

export type ApiErrorKind = "http" | "network" | "timeout" | "aborted" | "bad_response";

export interface ApiErrorInit {
  kind: ApiErrorKind;
  method: string;
  path: string;
  status?: number;
  apiMessage?: string;
  traceId?: string;
  hint?: string;
  /** The transport error code (ECONNREFUSED, UND_ERR_SOCKET, ...). */
  code?: string;
  /** A write that may have been applied although no good answer came back. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly apiMessage: string | undefined;
  readonly traceId: string | undefined;
  readonly hint: string | undefined;
  readonly outcomeUnknown: boolean;

  constructor(init: ApiErrorInit) {
    super(describe(init), { cause: init.cause });
    this.name = "ApiError";
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.traceId = init.traceId;
    this.hint = init.hint;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

/** `GET /skybackup/v1/backups -> 404 Not Found: <api message> (trace_id abc)` */
function describe(init: ApiErrorInit): string {
  const statusText = (status: number) =>
    STATUS_TEXT[status] ?? (status < 400 ? "OK" : "HTTP error");
  let outcome = init.kind.replace("_", " ");
  if (init.status) outcome = `${init.status} ${statusText(init.status)}`;
  if (init.kind === "bad_response") outcome += " with an unusable body";
  let text = `${init.method} ${init.path} -> ${outcome}`;
  if (init.apiMessage) text += `: ${init.apiMessage}`;
  if (init.traceId) text += ` (trace_id ${init.traceId})`;
  return text;
}

/** Classifies what undici throws: timeouts, cancellations and network failures. */
export type TransportFailure =
  | { kind: "aborted" }
  | { kind: "deadline" }
  | { kind: "timeout" }
  | { kind: "network"; code: string | undefined };

const TIMEOUT_CODES = new Set([
  "TimeoutError",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function classifyTransportError(
  error: unknown,
  callerSignal: AbortSignal | undefined,
): TransportFailure {
  if (callerSignal?.aborted) {
    const reason: unknown = callerSignal.reason;
    return reason instanceof Error && reason.name === "TimeoutError"
      ? { kind: "deadline" }
      : { kind: "aborted" };
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return { kind: "timeout" };
  return { kind: "network", code };
}

/** The first string code in the error or its causes (ECONNREFUSED, UND_ERR_SOCKET, ...). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  if (error.name === "TimeoutError") return "TimeoutError";
  const withCode = error as Error & { code?: unknown; cause?: unknown };
  if (typeof withCode.code === "string") return withCode.code;
  return errorCode(withCode.cause, depth + 1);
}

/** Reads web.ErrorResponse bodies leniently and says how to fix common statuses. */
export function describeErrorBody(
  parsed: unknown,
  rawText: string,
): { message?: string; traceId?: string } {
  if (!isRecord(parsed)) {
    const text = rawText.trim();
    if (text === "") return {};
    // An HTML page comes from a proxy or gateway, not the API; its title is all it says.
    if (/^<(!doctype|html|head|body)/i.test(text)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
      return {
        message: `a proxy or gateway answered with an HTML page${title ? ` ${quoted(cleanText(title, 80))}` : ""}`,
      };
    }
    return { message: quoted(cleanText(text.slice(0, 160).replace(/\s+/g, " "))) };
  }
  const details = Array.isArray(parsed.errors) ? parsed.errors : [];
  const parts: string[] = [];
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const message = typeof detail.message === "string" ? detail.message : undefined;
    const error = typeof detail.error === "string" ? detail.error : undefined;
    const solution = typeof detail.solution === "string" ? ` (${detail.solution})` : "";
    const text = message ?? error;
    if (text) parts.push(text + solution);
  }
  if (parts.length === 0 && typeof parsed.exception === "string") parts.push(parsed.exception);
  if (parts.length === 0 && typeof parsed.message === "string") parts.push(parsed.message);
  const traceId =
    typeof parsed.trace_id === "string" && parsed.trace_id ? shown(parsed.trace_id) : undefined;
  // The API's own words, quoted: an error text can never pass for the server's.
  return { message: parts.length > 0 ? quoted(parts.join("; ")) : undefined, traceId };
}

/** Whose key: the server's setting, or the one each user's client sends (team mode). */
export type KeySource = "server" | "client";

export function hintFor(
  status: number,
  hasTraceId = false,
  keySource: KeySource = "server",
): string | undefined {
  const client = keySource === "client";
  if (status === 401) {
    return client
      ? "The API key your MCP client sends was rejected: put a valid key (MariaDB Cloud portal > API keys) in its Authorization: Bearer or X-API-Key header."
      : "The API key was rejected: set SKYSQL_API_KEY to a valid key (MariaDB Cloud portal > API keys) and restart the server.";
  }
  if (status === 403) {
    return `The API key lacks permission: schedule changes need the administrator role; check the key's role and ${client ? "the X-MDB-Org header your client sends" : "SKYSQL_ORG_ID"}.`;
  }
  if (status === 429) return "The API is rate limiting; wait a moment and try again.";
  if (status >= 500)
    return hasTraceId
      ? "The API failed on its side; try again, and quote the trace_id to MariaDB support if it persists."
      : "The API or a gateway in front of it failed; try again later.";
  return undefined;
}

/**
 * A write that got no usable answer may still have been applied: the
 * request reached the API and only the answer was lost, late or garbled.
 * Saying "try again" then invites a duplicate, so such errors are marked and
 * say to check first. Only a refused connection, or an answer the API gave
 * before acting (400, 401, 403, 404, 409, 413, 429, 503), is known not to
 * have changed anything.
 */
const MAYBE_APPLIED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504]);

const OUTCOME_UNKNOWN_HINT =
  "The request was sent and may have been applied: check the current state before repeating it.";

export function markUnknownWriteOutcome(
  method: string,
  init: Omit<ApiErrorInit, "method" | "path">,
) {
  if (method === "GET" || !maybeApplied(init)) return init;
  return { ...init, outcomeUnknown: true, hint: OUTCOME_UNKNOWN_HINT };
}

function maybeApplied(init: Omit<ApiErrorInit, "method" | "path">): boolean {
  switch (init.kind) {
    case "network":
      return init.code !== "ECONNREFUSED";
    case "timeout":
    case "aborted":
    case "bad_response":
      return true;
    case "http":
      return init.status !== undefined && MAYBE_APPLIED_STATUSES.has(init.status);
  }
}
