import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { message, startApi, type Api } from "./emulator-api.js";

const BASE = "/skybackup/v1/backups/schedules";
const svc = SCENARIOS.healthy;
const json = (body: unknown): { body: string } => ({ body: JSON.stringify(body) });

describe("schedule validation", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it.each([
    [
      { service_id: svc, backup_type: "full", schedule: "0 25 * * *" },
      400,
      /hour value 25 is out of range 0-23/,
    ],
    [
      { service_id: svc, backup_type: "full", schedule: "every night" },
      400,
      /5-field cron expression/,
    ],
    [{ service_id: svc, backup_type: "full", schedule: "0 2 * *" }, 400, /found 4/],
    [
      { service_id: svc, backup_type: "weekly", schedule: "once" },
      400,
      /backup_type must be one of full, incremental, binarylog, dump, snapshot/,
    ],
    [{ service_id: svc, schedule: "once" }, 400, /backup_type is required/],
    [{ backup_type: "full", schedule: "once" }, 400, /service_id is required/],
    [
      { service_id: "dbxxx12345678", backup_type: "full", schedule: "once" },
      404,
      /^service dbxxx12345678 not found$/,
    ],
    [
      { service_id: SCENARIOS.suspended, backup_type: "full", schedule: "once" },
      400,
      /azure, which supports only snapshot/,
    ],
    [
      {
        service_id: svc,
        backup_type: "full",
        schedule: "once",
        external_storage: { bucket: { path: "s3://bkt", credentials: [123, 34] } },
      },
      400,
      /credentials must be a base64-encoded string/,
    ],
    [
      {
        service_id: svc,
        backup_type: "full",
        schedule: "once",
        external_storage: { bucket: { path: "s3://bkt", credentials: "not base64!" } },
      },
      400,
      /does not decode as base64/,
    ],
    [
      { service_id: svc, backup_type: "full", schedule: "once", external_storage: { bucket: {} } },
      400,
      /bucket.path is required/,
    ],
    [[1, 2], 400, /must be a JSON object/],
    [{ service_id: 42, backup_type: "full", schedule: "once" }, 400, /service_id must be a string/],
  ])("POST %j -> %i", async (body, status, pattern) => {
    const before = api.emulator.state.schedules.size;
    const res = await api.call("POST", BASE, json(body));
    expect(res.status).toBe(status);
    expect(message(res)).toMatch(pattern);
    expect(api.emulator.state.schedules.size).toBe(before);
  });

  it("validates ids and PATCH bodies", async () => {
    const id = [...api.emulator.state.schedules.keys()][0];
    expect(message(await api.get(`${BASE}/abc`))).toMatch(/schedule id must be an integer/);
    expect((await api.call("PATCH", `${BASE}/999`, json({ suspended: true }))).status).toBe(404);
    const empty = await api.call("PATCH", `${BASE}/${id}`, json({}));
    expect(message(empty)).toMatch(/at least one of backup_type, schedule or suspended/);
    expect((await api.call("PATCH", `${BASE}/${id}`, { body: "" })).status).toBe(400);
    expect(message(await api.call("PATCH", `${BASE}/${id}`, json({ suspended: "yes" })))).toMatch(
      /suspended must be true or false/,
    );
    expect(
      message(await api.call("PATCH", `${BASE}/${id}`, json({ schedule: "61 * * * *" }))),
    ).toMatch(/minute value 61/);
    expect(message(await api.call("PATCH", `${BASE}/${id}`, json({ schedule: "once" })))).toMatch(
      /cannot be changed to once/,
    );
    expect((await api.call("DELETE", `${BASE}/999`)).status).toBe(404);
  });
});
