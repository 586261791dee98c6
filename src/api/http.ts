/**
 * The only place that speaks HTTP: one JSON request over an injectable undici
 * dispatcher, with bounded retries for reads. Every failure becomes an
 * ApiError. Headers (and so the API key) never reach an error or a log.
 */
import { metrics } from "../util/metrics.js";
import type { Dispatcher } from "undici";
import { describeNonJson, NOT_JSON, parseJson, readCapped, ResponseTooLarge } from "./body.js";
import { loadUndici } from "./dispatcher.js";
import { ApiError, type ApiErrorInit } from "./errors.js";
import { describeErrorBody, hintFor, type KeySource } from "./error-body.js";
import {
  backoffMs,
  MAX_SINGLE_WAIT_MS,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  sleep,
} from "./retry.js";
import { currentTraceparent } from "./trace-context.js";
import { classifyTransportError } from "./transport-errors.js";
import { markUnknownWriteOutcome } from "./write-outcome.js";

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
    let text = raw;
    for (const secret of [this.options.apiKey, ...secrets]) {
      if (secret.length < 4) continue;
      text = text.split(secret).join("[redacted]");
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) text = text.split(escaped).join("[redacted]");
    }
    return text;
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
