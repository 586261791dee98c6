import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS, type Backup } from "../../helpers/emulator.js";
import { message, startApi, type Api } from "./emulator-api.js";

const LIST = "/skybackup/v1/backups";

describe("GET /skybackup/v1/backups", () => {
  let api: Api;
  let all: Backup[];
  beforeAll(async () => {
    api = await startApi();
    all = api.emulator.state.backups;
  });
  afterAll(() => api.close());

  it("pages newest first by default with correct counts", async () => {
    const res = await api.get(LIST);
    expect(res.status).toBe(200);
    expect(res.json["backups_count"]).toBe(all.length);
    expect(res.json["pages_count"]).toBe(Math.ceil(all.length / 10));
    const ids = (res.json["backups"] as Backup[]).map((b) => b.id);
    expect(ids).toEqual(
      all
        .slice(-10)
        .reverse()
        .map((b) => b.id),
    );
  });

  it("serves later pages newest first without overlap", async () => {
    const res = await api.get(`${LIST}?page=2&page_size=10`);
    const ids = (res.json["backups"] as Backup[]).map((b) => b.id);
    expect(ids).toEqual(
      all
        .slice(-20, -10)
        .reverse()
        .map((b) => b.id),
    );
  });

  it("orders ascending on request and serves a partial last page", async () => {
    // Any size that does not divide the total leaves a partial last page.
    const pageSize = [7, 11, 13, 17].find((n) => all.length % n !== 0) ?? 19;
    const last = Math.ceil(all.length / pageSize);
    const res = await api.get(`${LIST}?order=asc&page_size=${pageSize}&page=${last}`);
    const page = res.json["backups"] as Backup[];
    const expected = all.length - (last - 1) * pageSize;
    expect(expected).toBeLessThan(pageSize);
    expect(page.map((b) => b.id)).toEqual(all.slice(-expected).map((b) => b.id));
    const first = await api.get(`${LIST}?order=ASC&page_size=2`);
    expect((first.json["backups"] as Backup[]).map((b) => b.id)).toEqual(
      all.slice(0, 2).map((b) => b.id),
    );
  });

  it("returns an empty page past the end, with the counts intact", async () => {
    const res = await api.get(`${LIST}?page=100000&page_size=50`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      backups: [],
      backups_count: all.length,
      pages_count: Math.ceil(all.length / 50),
    });
  });

  it.each([
    ["page=0", /^page must be an integer >= 1 \(got "0"\)$/],
    ["page=abc", /^page must be an integer >= 1/],
    ["page_size=0", /^page_size must be an integer >= 1/],
    ["page_size=-5", /^page_size must be an integer >= 1/],
    ["page_size=2.5", /^page_size must be an integer >= 1/],
    ["order=newest", /^order must be "asc" or "desc" \(got "newest"\)$/],
  ])("rejects %s with 400 and a web.ErrorResponse", async (query, pattern) => {
    const res = await api.get(`${LIST}?${query}`);
    expect(res.status).toBe(400);
    expect(message(res)).toMatch(pattern);
    expect(res.json).toMatchObject({ code: 400, errors: [{ error: "Bad Request" }], path: LIST });
    expect(typeof res.json["timestamp"]).toBe("number");
    expect(typeof res.json["exception"]).toBe("string");
  });

  it("filters by service_id and by status case-insensitively", async () => {
    const id = SCENARIOS.failing;
    const res = await api.get(`${LIST}?service_id=${id}&status=fAiLeD&page_size=1000`);
    const expected = all.filter((b) => b.service_id === id && b.status === "Failed");
    expect(expected.length).toBeGreaterThan(4);
    expect(res.json["backups_count"]).toBe(expected.length);
    expect(
      (res.json["backups"] as Backup[]).every((b) => b.service_id === id && b.status === "Failed"),
    ).toBe(true);
    const none = await api.get(`${LIST}?service_id=dbzzz00000000`);
    expect(none.json).toMatchObject({ backups: [], backups_count: 0, pages_count: 0 });
  });
});

describe("GET /skybackup/v1/backups/{service_id}", () => {
  const id = SCENARIOS.healthy;

  it("is paged by default, like the list endpoint", async () => {
    const api = await startApi();
    try {
      const mine = api.emulator.state.backups.filter((b) => b.service_id === id);
      const res = await api.get(`/skybackup/v1/backups/${id}?page_size=5&order=asc`);
      expect(res.json["backups_count"]).toBe(mine.length);
      expect((res.json["backups"] as Backup[]).map((b) => b.id)).toEqual(
        mine.slice(0, 5).map((b) => b.id),
      );
      const unknown = await api.get("/skybackup/v1/backups/dbxxx12345678");
      expect(unknown.status).toBe(404);
      expect(message(unknown)).toBe("service dbxxx12345678 not found");
      expect((await api.get("/skybackup/v1/backups/db1")).status).toBe(400);
    } finally {
      await api.close();
    }
  });

  it("can answer with a bare array, newest first", async () => {
    const api = await startApi({ serviceBackupsShape: "array" });
    try {
      const mine = api.emulator.state.backups.filter((b) => b.service_id === id);
      const res = await api.get(`/skybackup/v1/backups/${id}`);
      const body = JSON.parse(res.text) as Backup[];
      expect(Array.isArray(body)).toBe(true);
      expect(body.map((b) => b.id)).toEqual(mine.reverse().map((b) => b.id));
    } finally {
      await api.close();
    }
  });

  it("can answer with only the newest backup, as the OpenAPI document says", async () => {
    const api = await startApi({ serviceBackupsShape: "object" });
    try {
      const newest = api.emulator.state.backups.filter((b) => b.service_id === id).at(-1);
      const res = await api.get(`/skybackup/v1/backups/${id}`);
      expect(res.json).toEqual(newest);
    } finally {
      await api.close();
    }
  });

  it("never treats 'schedules' as a service id", async () => {
    const api = await startApi();
    try {
      const res = await api.get("/skybackup/v1/backups/schedules?service_id=" + id);
      expect(res.status).toBe(200);
      expect(res.json["schedules_count"]).toBe(4);
      expect(res.json["backups"]).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
