import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T0, message, startApi, type Api } from "./emulator-api.js";

describe("emulator HTTP behaviour", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ apiKey: "k-123" });
  });
  afterAll(() => api.close());

  it("answers 401 with a web.ErrorResponse when the key is missing or wrong", async () => {
    const missing = await api.call("GET", "/skybackup/v1/backups", {
      headers: { "x-api-key": "" },
    });
    const wrong = await api.call("GET", "/skybackup/v1/backups", {
      headers: { "x-api-key": "nope" },
    });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(message(missing)).toMatch(/X-API-Key header is missing/);
    expect(message(wrong)).toMatch(/not a valid API key/);
    expect(wrong.json).toMatchObject({
      code: 401,
      errors: [{ error: "Unauthorized" }],
      path: "/skybackup/v1/backups",
      timestamp: T0,
    });
    expect(wrong.json["trace_id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(wrong.headers.get("content-type")).toBe("application/json");
  });

  it("accepts and ignores X-MDB-Org", async () => {
    const res = await api.call("GET", "/skybackup/v1/backups?page_size=1", {
      headers: { "x-mdb-org": "org-1" },
    });
    expect(res.status).toBe(200);
  });

  it("answers 404 for unknown routes and 405 with Allow for wrong methods", async () => {
    const unknown = await api.get("/skybackup/v1/restores-nope");
    expect(unknown.status).toBe(404);
    expect(message(unknown)).toMatch(/no route for GET \/skybackup\/v1\/restores-nope/);
    const wrong = await api.call("DELETE", "/skybackup/v1/backups");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect(wrong.json["code"]).toBe(405);
  });

  it("rejects bad JSON, bad UTF-8 and bodies over 1 MiB, and keeps serving", async () => {
    const badJson = await api.call("POST", "/skybackup/v1/backups/schedules", { body: "{nope" });
    expect(badJson.status).toBe(400);
    expect(message(badJson)).toMatch(/not valid JSON/);
    const badUtf8 = await api.call("POST", "/skybackup/v1/backups/schedules", {
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(message(badUtf8)).toBe("request body is not valid UTF-8");
    const huge = await api.call("POST", "/skybackup/v1/backups/schedules", {
      body: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(huge.status).toBe(413);
    expect((await api.get("/skybackup/v1/backups?page_size=1")).status).toBe(200);
  });

  it("answers 400 for a path segment that is not valid percent-encoding", async () => {
    const res = await api.get("/skybackup/v1/backups/db%ZZabc12345678");
    expect(res.status).toBe(400);
    expect(message(res)).toMatch(/percent-encoding/);
  });

  it("records every request with its status, in order", async () => {
    const before = api.emulator.requests.length;
    await api.get("/skybackup/v1/backups?page=2&page_size=3");
    await api.call("GET", "/skybackup/v1/backups", { headers: { "x-api-key": "bad" } });
    expect(api.emulator.requests.slice(before)).toEqual([
      { method: "GET", path: "/skybackup/v1/backups", query: "page=2&page_size=3", status: 200 },
      { method: "GET", path: "/skybackup/v1/backups", query: "", status: 401 },
    ]);
  });
});

it("close() returns promptly with an idle keep-alive and a half-sent request open", async () => {
  const api = await startApi();
  await new Promise<void>((resolve, reject) => {
    const req = request(`${api.emulator.url}/skybackup/v1/backups?page_size=1`, {
      headers: { "x-api-key": api.emulator.apiKey },
      agent: new Agent({ keepAlive: true }),
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    req.end();
  });
  const { port } = new URL(api.emulator.url);
  const socket = connect(Number(port), "127.0.0.1");
  socket.on("error", () => undefined);
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    "POST /skybackup/v1/backups/schedules HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await api.close();
  expect(Date.now() - started).toBeLessThan(1000);
  socket.destroy();
});
