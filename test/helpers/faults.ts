/**
 * Fault injection: the emulator can answer a matching request the way a broken network, a
 * gateway or a failing server would, so tests see every failure the client must survive.
 * Faults are checked before auth and routing and used up in the order they were added. Faults
 * that damage only the answer let the handler run first, so a faulted write still takes effect,
 * as it does when a real answer is lost on the way back.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import { errorBody, readBody, send, type Reply } from "../../src/emulator/emulator.js";

export type FaultKind = FaultSpec["fault"];

interface FaultMatch {
  /** Exact method, any case. */
  method?: string;
  /** Path prefix, without the query string. */
  path?: string;
}

export type FaultSpec = {
  match?: FaultMatch;
  /** How many matching requests it hits: default 1, Infinity for all of them. */
  times?: number;
} &
  /**
   * reset: the connection drops before any header (the handler does not run).
   * reset_mid_body: status, headers and half the body, then the connection drops.
   * truncated_json: the first half of the JSON body, ended cleanly with a matching length.
   * wrong_content_type: the real answer labelled text/plain.
   */
  (
    | { fault: "reset" | "reset_mid_body" | "truncated_json" | "wrong_content_type" }
    /** slow_headers: nothing for delayMs, then the answer; slow_body: half, delayMs, the rest. */
    | { fault: "slow_headers" | "slow_body"; delayMs: number }
    /** A web.ErrorResponse (or `body`, sent as application/json) instead of the handler's answer. */
    | { fault: "status"; status: number; retryAfter?: string; body?: string }
    /** A proxy's HTML error page (nginx's unless `body`), status 502 unless given. */
    | { fault: "html"; status?: number; body?: string }
    /** 200 with valid JSON streamed chunked, `bytes` long (default 40 MiB). */
    | { fault: "huge_body"; bytes?: number }
  );

export interface Faults {
  add(spec: FaultSpec): void;
  clear(): void;
  /** Faults not used up yet. */
  readonly pending: number;
}

export class FaultController implements Faults {
  private readonly armed: { spec: FaultSpec; left: number }[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1)))
      throw new RangeError(`times must be a positive integer or Infinity, got ${times}`);
    if ("delayMs" in spec && !(spec.delayMs >= 0 && Number.isFinite(spec.delayMs)))
      throw new RangeError(`delayMs must be a finite number >= 0, got ${spec.delayMs}`);
    const status = "status" in spec ? spec.status : undefined;
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599))
      throw new RangeError(`status must be an HTTP status, got ${status}`);
    this.armed.push({ spec, left: times });
  }

  clear(): void {
    this.armed.length = 0;
  }

  get pending(): number {
    return this.armed.length;
  }

  /** The first armed fault matching this request, used once; undefined when none does. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.armed.findIndex(({ spec: { match } }) => {
      if (match?.method !== undefined && match.method.toUpperCase() !== method.toUpperCase())
        return false;
      return match?.path === undefined || path.startsWith(match.path);
    });
    const entry = this.armed[index];
    if (entry === undefined) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.armed.splice(index, 1);
    return entry.spec;
  }
}

/** What `requests` records (0: nothing was answered) and how the faulted answer goes out. */
export interface FaultPlan {
  status: number;
  /** Only the slow and streaming faults need to wait; the rest write at once. */
  deliver(res: ServerResponse): void | Promise<void>;
}

const DEFAULT_HUGE_BYTES = 40 * 1024 * 1024;

/** Runs `handle` when the fault damages only the answer; otherwise reads and drops the body. */
export async function planFault(
  spec: FaultSpec,
  req: IncomingMessage,
  handle: () => Promise<Reply>,
  where: { path: string; nowMs: number },
): Promise<FaultPlan> {
  switch (spec.fault) {
    case "reset":
      await readBody(req).catch(() => undefined);
      return { status: 0, deliver: (res) => void res.socket?.resetAndDestroy() };
    case "status": {
      await readBody(req).catch(() => undefined);
      const headers: Record<string, string> =
        spec.retryAfter === undefined ? {} : { "retry-after": spec.retryAfter };
      const body = spec.body ?? JSON.stringify(apiError(spec.status, where));
      const type = "application/json";
      return {
        status: spec.status,
        deliver: (res) => write(res, spec.status, type, body, headers),
      };
    }
    case "html": {
      await readBody(req).catch(() => undefined);
      const status = spec.status ?? 502;
      const page = spec.body ?? proxyPage(status);
      return { status, deliver: (res) => write(res, status, "text/html", page) };
    }
    case "huge_body":
      await readBody(req).catch(() => undefined);
      return { status: 200, deliver: (res) => streamHuge(res, spec.bytes ?? DEFAULT_HUGE_BYTES) };
    // These damage only the answer, so the request is handled first, below.
    case "slow_headers":
    case "wrong_content_type":
    case "truncated_json":
    case "reset_mid_body":
    case "slow_body":
      break;
  }
  const reply = await handle();
  const payload = Buffer.from(reply.body === undefined ? "" : JSON.stringify(reply.body));
  // An empty answer (DELETE) has nothing to cut, so the damaged ones cut an empty object.
  const damaged = payload.length > 0 ? payload : Buffer.from("{}");
  const half = damaged.subarray(0, Math.max(1, Math.floor(damaged.length / 2)));
  const plan = (deliver: FaultPlan["deliver"]): FaultPlan => ({ status: reply.status, deliver });
  switch (spec.fault) {
    case "slow_headers":
      return plan(async (res) => {
        await pause(spec.delayMs, res);
        if (!res.destroyed) send(res, reply);
      });
    case "wrong_content_type":
      return plan((res) => write(res, reply.status, "text/plain", payload, reply.headers));
    case "truncated_json":
      return plan((res) => write(res, reply.status, "application/json", half, reply.headers));
    case "reset_mid_body":
      return plan((res) => {
        start(res, reply.status, "application/json", damaged.length, reply.headers);
        res.write(half, () => res.destroy());
      });
    case "slow_body":
      return plan(async (res) => {
        const first = payload.subarray(0, Math.floor(payload.length / 2));
        // An empty answer goes chunked, so its end is still what the client waits for.
        const length = payload.length > 0 ? payload.length : undefined;
        start(res, reply.status, "application/json", length, reply.headers);
        res.flushHeaders();
        res.write(first);
        await pause(spec.delayMs, res);
        if (!res.destroyed) res.end(payload.subarray(first.length));
      });
  }
}

function start(
  res: ServerResponse,
  status: number,
  type: string,
  length: number | undefined,
  headers: Readonly<Record<string, string>> = {},
): void {
  const sized = length === undefined ? {} : { "content-length": String(length) };
  res.writeHead(status, { ...headers, "content-type": type, ...sized });
}

function write(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers?: Readonly<Record<string, string>>,
): void {
  start(res, status, type, Buffer.byteLength(body), headers);
  res.end(body);
}

/** A web.ErrorResponse with the status's own reason, as the gateway in front of the API sends. */
function apiError(status: number, where: { path: string; nowMs: number }): object {
  const reason = STATUS_CODES[status] ?? "Error";
  const body = errorBody(status, `${reason} (emulator fault)`, where.path, where.nowMs);
  return { ...body, errors: [{ error: reason, message: body.errors[0]?.message ?? "" }] };
}

/** nginx's own error page, padding comments included. */
function proxyPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  const padding = "<!-- a padding to disable MSIE and Chrome friendly error page -->\n".repeat(6);
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n${padding}`;
}

const HUGE_ITEM = `{"id":"${"f".repeat(32)}","status":"Succeeded"},`;
const HUGE_CHUNK = Buffer.from(HUGE_ITEM.repeat(1300));

/** Valid JSON, chunked so no length warns the client, written as fast as it reads. */
async function streamHuge(res: ServerResponse, bytes: number): Promise<void> {
  start(res, 200, "application/json", undefined);
  res.write('{"backups":[');
  for (let sent = 0; sent < bytes && !res.destroyed; sent += HUGE_CHUNK.length) {
    if (!res.write(HUGE_CHUNK)) await settled(res, "drain");
  }
  if (!res.destroyed) res.end('{}],"backups_count":0,"pages_count":1}');
}

/** Waits ms, or less when the client hangs up first. */
function pause(ms: number, res: ServerResponse): Promise<void> {
  return settled(res, undefined, ms);
}

function settled(res: ServerResponse, event: "drain" | undefined, ms?: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off("close", done);
      if (event) res.off(event, done);
      resolve();
    };
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    res.once("close", done);
    if (event) res.once(event, done);
  });
}
