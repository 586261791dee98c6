/** Each fault mode of the emulator, seen on the wire by a plain HTTP client. */
import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../helpers/emulator.js";

const KEY = "emulator-fault-key";
const BACKUPS = "/skybackup/v1/backups";
const SCHEDULES = `${BACKUPS}/schedules`;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKey: KEY, backups: 300 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.faults.clear());

async function send(method: "GET" | "POST", path: string, body?: unknown, key = KEY) {
  const started = performance.now();
  const res = await request(emulator.url + path, {
    method,
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const headersMs = performance.now() - started;
  const text = await res.body.text();
  return { res, text, headersMs, totalMs: performance.now() - started };
}

const last = () => emulator.requests.at(-1);
const errorCodeOf = (error: unknown): unknown =>
  error instanceof Error ? ((error as { code?: unknown }).code ?? errorCodeOf(error.cause)) : error;

describe("emulator fault modes", () => {
  it("reset drops the connection before any header, without running the handler", async () => {
    const before = emulator.state.schedules.size;
    emulator.faults.add({ fault: "reset" });
    const body = {
      service_id: emulator.state.services[0],
      backup_type: "full",
      schedule: "1 1 * * *",
    };
    const error = await send("POST", SCHEDULES, body).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(emulator.state.schedules.size).toBe(before);
    expect(last()).toMatchObject({ method: "POST", path: SCHEDULES, status: 0, fault: "reset" });
  });

  it("reset_mid_body sends 200, headers and part of the real answer, then hangs up", async () => {
    emulator.faults.add({ fault: "reset_mid_body" });
    const res = await request(`${emulator.url}${BACKUPS}?page_size=3`, {
      headers: { "x-api-key": KEY },
    });
    expect(res.statusCode).toBe(200);
    const declared = Number(res.headers["content-length"]);
    let received = "";
    const error = await (async () => {
      for await (const chunk of res.body) received += String(chunk);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(declared);
    expect(received.startsWith('{"backups":[')).toBe(true);
    expect(last()).toMatchObject({ status: 200, fault: "reset_mid_body" });
  });

  it("slow_headers waits before anything, then answers normally", async () => {
    emulator.faults.add({ fault: "slow_headers", delayMs: 250 });
    const { res, text, headersMs } = await send("GET", `${BACKUPS}?page_size=2`);
    expect(headersMs).toBeGreaterThanOrEqual(240);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ backups: expect.any(Array) });
  });

  it("slow_body sends headers and half the body at once, the rest after the delay", async () => {
    emulator.faults.add({ fault: "slow_body", delayMs: 250 });
    const { text, headersMs, totalMs } = await send("GET", `${BACKUPS}?page_size=2`);
    expect(headersMs).toBeLessThan(200);
    expect(totalMs).toBeGreaterThanOrEqual(240);
    expect(JSON.parse(text)).toMatchObject({ backups: expect.any(Array) });
  });

  it("status answers a web.ErrorResponse with the status's reason and Retry-After", async () => {
    emulator.faults.add({ fault: "status", status: 503, retryAfter: "7" });
    const { res, text } = await send("GET", BACKUPS);
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 503,
      errors: [{ error: "Service Unavailable" }],
      path: BACKUPS,
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(last()).toMatchObject({ status: 503, fault: "status" });
  });

  it("status sends a given body as it is", async () => {
    emulator.faults.add({ fault: "status", status: 500, body: '{"message":"boom"}' });
    const { res, text } = await send("GET", BACKUPS);
    expect(res.statusCode).toBe(500);
    expect(text).toBe('{"message":"boom"}');
  });

  it("html answers a proxy's HTML page, 502 unless told otherwise", async () => {
    emulator.faults.add({ fault: "html" });
    emulator.faults.add({ fault: "html", status: 504 });
    const first = await send("GET", BACKUPS);
    expect(first.res.statusCode).toBe(502);
    expect(first.res.headers["content-type"]).toBe("text/html");
    expect(first.text).toContain("<title>502 Bad Gateway</title>");
    const second = await send("GET", BACKUPS);
    expect(second.res.statusCode).toBe(504);
    expect(second.text).toContain("504 Gateway Timeout");
  });

  it("truncated_json ends normally with the first half of the real JSON", async () => {
    const whole = (await send("GET", `${SCHEDULES}/${firstScheduleId()}`)).text;
    emulator.faults.add({ fault: "truncated_json" });
    const { res, text } = await send("GET", `${SCHEDULES}/${firstScheduleId()}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(Number(res.headers["content-length"])).toBe(text.length);
    expect(text.length).toBe(Math.floor(whole.length / 2));
    expect(whole.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it("huge_body streams valid JSON of the given size without a length", async () => {
    emulator.faults.add({ fault: "huge_body", bytes: 3 * 1024 * 1024 });
    const { res, text } = await send("GET", BACKUPS);
    expect(res.headers["content-length"]).toBeUndefined();
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(JSON.parse(text)).toMatchObject({ backups: expect.any(Array) });
  });

  it("huge_body stops when the client hangs up, and the emulator answers the next request", async () => {
    emulator.faults.add({ fault: "huge_body" });
    const res = await request(emulator.url + BACKUPS, { headers: { "x-api-key": KEY } });
    let read = 0;
    for await (const chunk of res.body) {
      read += (chunk as Buffer).length;
      if (read > 256 * 1024) break;
    }
    const next = await send("GET", `${BACKUPS}?page_size=1`);
    expect(next.res.statusCode).toBe(200);
    expect(last()?.fault).toBeUndefined();
  });

  it("wrong_content_type answers the real JSON as text/plain", async () => {
    emulator.faults.add({ fault: "wrong_content_type" });
    const { res, text } = await send("GET", `${BACKUPS}?page_size=2`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain");
    expect(JSON.parse(text)).toMatchObject({ backups: expect.any(Array) });
  });
});

describe("emulator fault controller", () => {
  it("hits only matching requests, by method and path prefix, before auth", async () => {
    emulator.faults.add({
      fault: "status",
      status: 502,
      match: { method: "post", path: SCHEDULES },
    });
    expect((await send("GET", SCHEDULES + "/1")).res.statusCode).not.toBe(502);
    expect((await send("GET", BACKUPS)).res.statusCode).toBe(200);
    expect(emulator.faults.pending).toBe(1);
    const faulted = await send("POST", `${SCHEDULES}`, {}, "wrong-key");
    expect(faulted.res.statusCode).toBe(502);
    expect(emulator.faults.pending).toBe(0);
    expect((await send("POST", SCHEDULES, {}, "wrong-key")).res.statusCode).toBe(401);
  });

  it("is used up after `times` hits, first added first, or never with Infinity", async () => {
    emulator.faults.add({ fault: "status", status: 503, times: 2 });
    emulator.faults.add({ fault: "status", status: 429, times: Infinity });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await send("GET", BACKUPS)).res.statusCode);
    expect(statuses).toEqual([503, 503, 429, 429]);
    expect(emulator.faults.pending).toBe(1);
    emulator.faults.clear();
    expect((await send("GET", BACKUPS)).res.statusCode).toBe(200);
  });

  it("refuses a meaningless fault", () => {
    expect(() => emulator.faults.add({ fault: "reset", times: 0 })).toThrow(RangeError);
    expect(() => emulator.faults.add({ fault: "slow_body", delayMs: -1 })).toThrow(RangeError);
    expect(() => emulator.faults.add({ fault: "status", status: 99 })).toThrow(RangeError);
    expect(emulator.faults.pending).toBe(0);
  });
});

function firstScheduleId(): number {
  const [id] = emulator.state.schedules.keys();
  if (id === undefined) throw new Error("the dataset has no schedules");
  return id;
}
