/**
 * How the server speaks to the Backups API: one JSON request over an injectable undici
 * dispatcher, with bounded retries for reads. Every failure becomes an
 * ApiError. Headers (and so the API key) never reach an error or a log.
 */
import { redact } from "../util/redact.js";
import { AsyncLocalStorage } from "node:async_hooks";
import { StringDecoder } from "node:string_decoder";
import type { Dispatcher } from "undici";
import {
  ApiError,
  describeErrorBody,
  hintFor,
  classifyTransportError,
  markUnknownWriteOutcome,
  type ApiErrorInit,
  type KeySource,
} from "./errors.js";
import { metrics } from "../util/metrics.js";
import { cleanText, parseUntrustedJson, quoted, shown } from "../util/untrusted-text.js";

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  orgId?: string;
  /** Per attempt: connect, headers and body each get at most this long. */
  timeoutMs: number;
  userAgent: string;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Tests and proxies pass their own; otherwise one keep-alive pool is made. */
  dispatcher?: Dispatcher;
  maxResponseBytes?: number;
  /** Where the key comes from, so a 401 or 403 says what to fix (default: the server's setting). */
  keySource?: KeySource;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Says what is wrong with a parsed 2xx body whose shape makes no sense, or undefined. */
  checkShape?: (body: unknown) => string | undefined;
  /** The answer's body carries nothing (DELETE): a 2xx status is the whole answer. */
  ignoreBody?: boolean;
  /**
   * Values sent in this request that must not come back in an error (storage credentials).
   * An error body is cut short for the message, so it is scrubbed before the cut: a secret
   * split by the cut would no longer match the scrubbing done later.
   */
  secrets?: readonly string[];
}

type Failure = Omit<ApiErrorInit, "method" | "path">;
/** One attempt's failure, and whether and when it may be tried again. */
interface AttemptFailure {
  error: ApiError;
  retryable: boolean;
  retryAfterMs?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class HttpClient {
  private readonly origin: string;
  private readonly headers: Record<string, string>;
  /** Made on the first request: loading undici is the largest part of start-up, and initialize needs none of it. */
  private dispatcher: Promise<Dispatcher> | undefined;

  constructor(private readonly options: HttpOptions) {
    this.origin = options.baseUrl.replace(/\/+$/, "");
    this.headers = {
      "x-api-key": options.apiKey,
      "user-agent": options.userAgent,
      accept: "application/json",
    };
    if (options.orgId) this.headers["x-mdb-org"] = options.orgId;
    if (options.dispatcher) this.dispatcher = Promise.resolve(options.dispatcher);
  }

  async send(req: HttpRequest): Promise<unknown> {
    const policy = {
      maxRetries: this.options.maxRetries ?? 3,
      baseDelayMs: this.options.retryBaseDelayMs ?? 250,
    };
    for (let attempt = 0; ; attempt += 1) {
      const started = performance.now();
      const outcome = await this.attempt(req);
      const status = "error" in outcome ? (outcome.error.status ?? 0) : outcome.status;
      metrics().apiAttempt(req.method, status, (performance.now() - started) / 1000);
      if (!("error" in outcome)) return outcome.value;
      const wait = backoffMs(attempt, policy, outcome.retryAfterMs);
      if (!outcome.retryable || attempt >= policy.maxRetries || wait > MAX_SINGLE_WAIT_MS)
        throw outcome.error;
      metrics().apiRetry(req.method);
      try {
        await sleep(wait, req.signal);
      } catch {
        throw outcome.error;
      }
    }
  }

  private async attempt(
    req: HttpRequest,
  ): Promise<{ value: unknown; status: number } | AttemptFailure> {
    const path = req.path + queryString(req.query);
    const fail = (init: Failure) =>
      new ApiError({ method: req.method, path, ...markUnknownWriteOutcome(req.method, init) });
    const isRead = req.method === "GET";
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers = { ...this.headers };
    const traceparent = currentTraceparent();
    if (traceparent !== undefined) headers.traceparent = traceparent;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers["content-type"] = "application/json";

    let status = 0;
    let text: string;
    let contentType: string | undefined;
    try {
      const undici = await loadUndici();
      this.dispatcher ??= Promise.resolve(undici.createDispatcher(this.options.timeoutMs));
      const dispatcher = await this.dispatcher;
      const response = await undici.request(this.origin + path, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher,
      });
      status = response.statusCode;
      contentType = headerValue(response.headers["content-type"]);
      if (status >= 400 && RETRYABLE_STATUSES.has(status)) {
        const retryAfterMs = parseRetryAfter(
          headerValue(response.headers["retry-after"]),
          Date.now(),
        );
        text = await readCapped(
          response.body,
          this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        );
        return {
          error: this.httpError(fail, status, text, req.secrets),
          retryable: isRead,
          retryAfterMs,
        };
      }
      text = await readCapped(
        response.body,
        this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      );
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        return {
          error: fail({ kind: "bad_response", status, apiMessage: error.message }),
          retryable: false,
        };
      }
      return this.transportFailure(error, req.signal, fail, isRead, status);
    }

    if (status >= 400)
      return { error: this.httpError(fail, status, text, req.secrets), retryable: false };
    if (req.ignoreBody) return { value: undefined, status };
    // Strings are clipped as they are parsed: a credential echoed back in full must be
    // scrubbed before, or its clipped remainder would no longer match the later scrub.
    const parsed = parseJson(req.secrets ? this.scrubbed(text, req.secrets) : text);
    if (parsed === NOT_JSON) {
      const apiMessage = describeNonJson(text, contentType);
      const hint = "A proxy or gateway may be answering instead of the API; check SKYSQL_API_URL.";
      return { error: fail({ kind: "bad_response", status, apiMessage, hint }), retryable: false };
    }
    const shapeProblem = req.checkShape?.(parsed);
    if (shapeProblem) {
      return {
        error: fail({ kind: "bad_response", status, apiMessage: shapeProblem }),
        retryable: false,
      };
    }
    return { value: parsed, status };
  }

  private httpError(
    fail: (init: Failure) => ApiError,
    status: number,
    raw: string,
    secrets: readonly string[] = [],
  ): ApiError {
    const text = this.scrubbed(raw, secrets);
    const { message, traceId } = describeErrorBody(parseJson(text), text);
    return fail({
      kind: "http",
      status,
      apiMessage: message,
      traceId,
      hint: hintFor(status, traceId !== undefined, this.options.keySource),
    });
  }

  /** The body without the API key or this request's secrets, as sent or JSON-escaped. */
  private scrubbed(raw: string, secrets: readonly string[] = []): string {
    return redact(raw, [this.options.apiKey, ...secrets]);
  }

  private transportFailure(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    fail: (init: Failure) => ApiError,
    isRead: boolean,
    status: number,
  ): AttemptFailure {
    const failure = classifyTransportError(error, callerSignal);
    const partial = status > 0 ? ` after status ${status}` : "";
    switch (failure.kind) {
      case "aborted":
        return {
          error: fail({ kind: "aborted", apiMessage: "cancelled", cause: error }),
          retryable: false,
        };
      case "deadline":
        return {
          error: fail({
            kind: "timeout",
            apiMessage: "the tool call's deadline passed",
            hint: "Try again later or raise SKYSQL_DEADLINE_MS.",
            cause: error,
          }),
          retryable: false,
        };
      case "timeout":
        return {
          error: fail({
            kind: "timeout",
            apiMessage: `no complete answer within ${this.options.timeoutMs} ms${partial}`,
            hint: "Try again; if it keeps happening raise SKYSQL_TIMEOUT_MS.",
            cause: error,
          }),
          retryable: isRead,
        };
      case "network":
        return {
          error: fail({
            kind: "network",
            code: failure.code,
            apiMessage:
              status > 0
                ? `connection lost while reading the answer (${failure.code ?? "network error"})${partial}`
                : `could not reach ${this.origin} (${failure.code ?? "network error"})`,
            hint: "Check SKYSQL_API_URL, the network and any proxy settings.",
            cause: error,
          }),
          // A refused connection never delivered the request, so even a write is safe to repeat.
          retryable: isRead || failure.code === "ECONNREFUSED",
        };
    }
  }

  async close(): Promise<void> {
    if (!this.options.dispatcher && this.dispatcher) await (await this.dispatcher).close();
  }
}

function queryString(query: HttpRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reading response bodies without trusting their size, their syntax or their text. */
export class ResponseTooLarge extends Error {}

const NOT_JSON = Symbol("not json");

export async function readCapped(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
): Promise<string> {
  // Each chunk is decoded as it arrives, not joined into one more buffer first: a page of
  // 500 backups is about 300 KB, and a copy of it outside the heap, freed only when the
  // collector next runs, was resident several times over while six pages were read at once.
  const decoder = new StringDecoder("utf8");
  let text = "";
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new ResponseTooLarge(`response body exceeds the ${maxBytes}-byte limit`);
    }
    text += decoder.write(buffer);
  }
  return text + decoder.end();
}

/** The one door for API JSON: every string in it comes out as one clean line (untrusted-text.ts). */
function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return parseUntrustedJson(text);
  } catch {
    return NOT_JSON;
  }
}

/** What a non-JSON body looked like, in a few words (an HTML page, truncated JSON). */
function describeNonJson(text: string, contentType: string | undefined): string {
  const start = text.trimStart();
  const snippet = cleanText(start.slice(0, 60).replace(/\s+/g, " "));
  if (/^[[{]/.test(start)) return `invalid or truncated JSON (${text.length} bytes)`;
  const type = contentType ? `${shown(contentType.split(";")[0] ?? "")} ` : "";
  return `expected JSON but got ${type}${text.length} bytes starting ${quoted(snippet)}`;
}

/**
 * When and how long to wait before trying a request again. Only reads are
 * retried freely; a write is retried only when it provably never left this
 * machine (the connection was refused), so a schedule is never created twice.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** A server asking for a longer pause than this is answered with its error instead. */
const MAX_SINGLE_WAIT_MS = 30_000;

interface RetryPolicy {
  maxRetries: number;
  /** First backoff step; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  random?: () => number;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = policy.baseDelayMs * 2 ** attempt;
  return Math.round((policy.random ?? Math.random)() * ceiling);
}

/** Resolves after ms, or rejects at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // The abort reason is passed on as given, as node:timers/promises does; it is `any` by design.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as above
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One keep-alive connection pool for the process, bounded so that many tool
 * calls in flight cannot open unbounded sockets. HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY are honoured through undici's EnvHttpProxyAgent.
 */
const MAX_CONNECTIONS = 16;

type Env = Readonly<Record<string, string | undefined>>;

type Undici = typeof import("undici");

let undici: Promise<Undici> | undefined;

/** undici, loaded once on first use, with the pool factory bound to it. */
export async function loadUndici(): Promise<{
  request: Undici["request"];
  createDispatcher: (timeoutMs: number, connections?: number) => Dispatcher;
}> {
  undici ??= import("undici").then(
    // Bundled, a CommonJS package arrives as { default: exports }; unbundled, Node lifts its names.
    (module: Undici | { default: Undici }) => ("request" in module ? module : module.default),
  );
  const loaded = await undici;
  return {
    request: loaded.request,
    createDispatcher: (timeoutMs, connections) => createDispatcher(loaded, timeoutMs, connections),
  };
}

function createDispatcher(
  lib: Pick<Undici, "Agent" | "EnvHttpProxyAgent">,
  timeoutMs: number,
  connections = MAX_CONNECTIONS,
  env: Env = process.env,
): Dispatcher {
  const options = {
    connections,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!httpProxy && !httpsProxy) return new lib.Agent(options);
  return new lib.EnvHttpProxyAgent({
    ...options,
    httpProxy,
    httpsProxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
}

/**
 * W3C trace context for the API requests of one tool call. A caller that
 * sends `traceparent` in the call's `_meta` gets it on every request the call
 * makes, so its trace spans the call. AsyncLocalStorage carries it, so the
 * API client (shared by concurrent calls in team mode) needs no argument for
 * it. A value that is not a valid traceparent is dropped, never forwarded:
 * it is a stranger's text going into an outgoing header.
 */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** All-zero trace and parent ids are invalid (W3C Trace Context, 3.2.2), as is version ff. */
const INVALID = /^ff-|-0{32}-|-0{16}-/;

const current = new AsyncLocalStorage<string>();

/** The traceparent of a call's `_meta`, when it is a valid one. */
export function traceparentOf(meta: unknown): string | undefined {
  const value =
    typeof meta === "object" && meta !== null
      ? (meta as Record<string, unknown>).traceparent
      : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  return TRACEPARENT.test(text) && !INVALID.test(text) ? text : undefined;
}

/** Runs `work` with `traceparent` sent on each API request it makes. */
export function withTraceparent<T>(traceparent: string | undefined, work: () => T): T {
  return traceparent === undefined ? work() : current.run(traceparent, work);
}

/** The traceparent of the call this request belongs to, if any. */
function currentTraceparent(): string | undefined {
  return current.getStore();
}
