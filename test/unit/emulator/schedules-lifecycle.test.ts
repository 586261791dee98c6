import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS, type BackupSchedule } from "../../helpers/emulator.js";
import { HOUR, T0, manualClock, message, startApi, type Api } from "./emulator-api.js";

const BASE = "/skybackup/v1/backups/schedules";
const svc = SCENARIOS.healthy;
const json = (body: unknown): { body: string } => ({ body: JSON.stringify(body) });

describe("backup schedule lifecycle", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("creates, reads, updates and deletes a cron schedule", async () => {
    const created = await api.call(
      "POST",
      BASE,
      json({ service_id: svc, backup_type: "dump", schedule: "30 4 * * MON-FRI" }),
    );
    expect(created.status).toBe(200);
    const id = created.json["id"] as number;
    expect(id).toBeGreaterThanOrEqual(200);
    expect(created.json).toMatchObject({
      service_id: svc,
      schedule: "30 4 * * MON-FRI",
      type: "dump",
      status: "Scheduled",
      message: "Backup is scheduled.",
      suspended: false,
      labels: {},
      created_at: "2025-06-15T10:30:00Z",
    });
    expect((await api.get(`${BASE}/${id}`)).json).toEqual(created.json);

    const patched = await api.call(
      "PATCH",
      `${BASE}/${id}`,
      json({ schedule: "0 5 * * *", suspended: true }),
    );
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      id,
      schedule: "0 5 * * *",
      suspended: true,
      type: "dump",
    });
    expect(api.emulator.state.schedules.get(id)?.suspended).toBe(true);

    const listed = await api.get(`${BASE}?service_id=${svc}&type=dump&order=desc`);
    expect((listed.json["schedules"] as BackupSchedule[])[0]?.id).toBe(id);

    const deleted = await api.call("DELETE", `${BASE}/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe("");
    const gone = await api.get(`${BASE}/${id}`);
    expect(gone.status).toBe(404);
    expect(message(gone)).toBe(`backup schedule ${id} not found`);
  });

  it("hands out increasing ids and never echoes credentials", async () => {
    const credentials = Buffer.from('{"type":"service_account"}').toString("base64");
    const body = { service_id: svc, backup_type: "full", schedule: "0 1 * * *" };
    const a = await api.call(
      "POST",
      BASE,
      json({ ...body, external_storage: { bucket: { path: "gs://bkt/x", credentials } } }),
    );
    const b = await api.call("POST", BASE, json(body));
    expect(a.status).toBe(200);
    expect(b.json["id"]).toBe((a.json["id"] as number) + 1);
    expect(a.text).not.toContain(credentials);
    expect(a.json["is_external_storage"]).toBe(true);
  });

  it("lists an unknown but well-formed service as empty, and needs service_id", async () => {
    const empty = await api.get(`${BASE}?service_id=dbnew00000001`);
    expect(empty.json).toEqual({ schedules: [], schedules_count: 0, pages_count: 0 });
    const missing = await api.get(BASE);
    expect(missing.status).toBe(400);
    expect(message(missing)).toMatch(/service_id query parameter is required/);
    expect((await api.get(`${BASE}?service_id=db`)).status).toBe(400);
    expect((await api.get(`${BASE}?service_id=${svc}&page_size=0`)).status).toBe(400);
  });

  it("shows the roles' schedules: suspended ones suspended, none for the unscheduled service", async () => {
    const suspended = await api.get(`${BASE}?service_id=${SCENARIOS.suspended}`);
    const list = suspended.json["schedules"] as BackupSchedule[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((s) => s.suspended)).toBe(true);
    expect(
      (await api.get(`${BASE}?service_id=${SCENARIOS.unscheduled}`)).json["schedules_count"],
    ).toBe(0);
  });
});

describe("one-time (once) schedules", () => {
  it("start a Running backup that the clock completes; delete waits for it", async () => {
    const clock = manualClock();
    const api = await startApi({ now: clock.now });
    try {
      const created = await api.call(
        "POST",
        BASE,
        json({ service_id: svc, backup_type: "full", schedule: "once" }),
      );
      const id = created.json["id"] as number;
      const running = await api.get(`/skybackup/v1/backups?service_id=${svc}&status=running`);
      expect(running.json["backups_count"]).toBe(1);
      expect(running.json["backups"]).toMatchObject([
        { type: "full", status: "Running", end_time: "", start_time: "2025-06-15T10:30:00Z" },
      ]);

      const patch = await api.call("PATCH", `${BASE}/${id}`, json({ suspended: true }));
      expect(patch.status).toBe(400);
      expect(message(patch)).toMatch(/one-time \(once\) schedules cannot be changed/);

      const conflict = await api.call("DELETE", `${BASE}/${id}`);
      expect(conflict.status).toBe(409);
      expect(message(conflict)).toMatch(
        new RegExp(`backup schedule ${id} has a running backup; wait for it to finish`),
      );

      clock.advance(HOUR / 6);
      const done = await api.get(`/skybackup/v1/backups?service_id=${svc}&page_size=1`);
      expect(done.json["backups"]).toMatchObject([
        { type: "full", status: "Succeeded", end_time: "2025-06-15T10:35:00Z" },
      ]);
      expect((await api.call("DELETE", `${BASE}/${id}`)).status).toBe(200);
      expect(api.emulator.state.backups.at(-1)?.backup_size).toBeGreaterThan(0);
      expect(Date.parse(api.emulator.state.backups.at(-1)?.start_time ?? "")).toBe(T0);
    } finally {
      await api.close();
    }
  });
});
