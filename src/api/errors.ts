/**
 * The one error type the API layer throws. It carries what an agent (and a
 * human reading a log) needs to act: the request, the status, the API's own
 * words and its trace id, plus a hint on what to do next. It never carries
 * request headers, so the API key cannot leak through it.
 */
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
