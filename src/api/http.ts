/**
 * The only place that speaks HTTP. One JSON request over an injectable undici
 * dispatcher; every failure becomes an ApiError. Headers (and so the API key)
 * never reach an error, a result or a log.
 */
import { Agent, request, type Dispatcher } from "undici";
import { ApiError } from "./errors.js";
import { describeErrorBody, hintFor } from "./error-body.js";

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  orgId?: string;
  timeoutMs: number;
  userAgent: string;
  /** Tests and proxies pass their own; otherwise one keep-alive pool is made. */
  dispatcher?: Dispatcher;
  maxResponseBytes?: number;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export function createDispatcher(timeoutMs: number): Dispatcher {
  return new Agent({
    connections: 16,
    keepAliveTimeout: 30_000,
    connect: { timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

export class HttpClient {
  private readonly origin: string;
  private readonly headers: Record<string, string>;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: HttpOptions) {
    this.origin = options.baseUrl.replace(/\/+$/, "");
    this.headers = {
      "x-api-key": options.apiKey,
      "user-agent": options.userAgent,
      accept: "application/json",
    };
    if (options.orgId) this.headers["x-mdb-org"] = options.orgId;
    this.dispatcher = options.dispatcher ?? createDispatcher(options.timeoutMs);
  }

  async send(req: HttpRequest): Promise<unknown> {
    const path = req.path + queryString(req.query);
    const fail = (init: Omit<ConstructorParameters<typeof ApiError>[0], "method" | "path">) =>
      new ApiError({ method: req.method, path, ...init });
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers = { ...this.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["content-type"] = "application/json";
    }

    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.origin + path, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher: this.dispatcher,
      });
    } catch (error) {
      throw this.transportError(error, req.signal, fail);
    }

    let text: string;
    try {
      text = await readCapped(
        response.body,
        this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      );
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        throw fail({
          kind: "bad_response",
          status: response.statusCode,
          apiMessage: error.message,
        });
      }
      throw this.transportError(error, req.signal, fail);
    }

    const status = response.statusCode;
    const parsed = parseJson(text);
    if (status >= 400) {
      const { message, traceId } = describeErrorBody(parsed, text);
      throw fail({ kind: "http", status, apiMessage: message, traceId, hint: hintFor(status) });
    }
    if (text.trim() === "") return undefined;
    if (parsed === NOT_JSON) {
      const snippet = text.slice(0, 80).replace(/\s+/g, " ");
      throw fail({
        kind: "bad_response",
        status,
        apiMessage: `expected JSON but got ${text.length} bytes starting "${snippet}"`,
        hint: "A proxy or gateway may be answering instead of the API; check SKYSQL_API_URL.",
      });
    }
    return parsed;
  }

  private transportError(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    fail: (init: Omit<ConstructorParameters<typeof ApiError>[0], "method" | "path">) => ApiError,
  ): ApiError {
    if (callerSignal?.aborted)
      return fail({ kind: "aborted", apiMessage: "cancelled by the caller", cause: error });
    const code = errorCode(error);
    if (
      code === "TimeoutError" ||
      code === "UND_ERR_HEADERS_TIMEOUT" ||
      code === "UND_ERR_BODY_TIMEOUT" ||
      code === "UND_ERR_CONNECT_TIMEOUT"
    ) {
      return fail({
        kind: "timeout",
        apiMessage: `no complete answer within ${this.options.timeoutMs} ms`,
        hint: "Try again; if it keeps happening raise SKYSQL_TIMEOUT_MS.",
        cause: error,
      });
    }
    return fail({
      kind: "network",
      apiMessage: `could not reach ${this.origin} (${code ?? "network error"})`,
      hint: "Check SKYSQL_API_URL, the network and any proxy settings.",
      cause: error,
    });
  }

  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.dispatcher.close();
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

const NOT_JSON = Symbol("not json");

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const withCode = error as Error & { code?: unknown; cause?: unknown };
  if (error.name === "TimeoutError") return "TimeoutError";
  if (typeof withCode.code === "string") return withCode.code;
  return errorCode(withCode.cause);
}

class ResponseTooLarge extends Error {}

async function readCapped(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new ResponseTooLarge(`response body exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
