/** The restore operations over real HTTP: start, status by the clock, list, get, cancel. */
import { afterEach, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import { DAY, T0, manualClock, message, startApi, type Api } from "./emulator-api.js";
import { RESTORES, SCRATCH, json, newest, runSeconds } from "./restore-fixtures.js";

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

describe("a managed restore", () => {
  let api: Api;
  afterEach(() => api.close());

  it("runs for 2 min + size at 100 MB/s, then succeeds, by the injected clock", async () => {
    const clock = manualClock();
    api = await startApi({ now: clock.now });
    const backup = newest(api.emulator.state, SCENARIOS.healthy, "full");
    const created = await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH }));
    expect(created.status, created.text).toBe(200);
    const id = created.json["id"] as number;
    expect(created.json).toEqual({
      id,
      service_id: SCRATCH,
      service_name: "scratch-restore",
      backup_id: backup.id,
      bucket: expect.stringMatching(/^gs:\/\/sky-syst0000-backup-us-[0-9a-f]{8}\/orgdemo1x$/),
      type: "physical",
      status: "Running",
      message: "server is not-ready",
      created_at: iso(T0),
      updated_at: iso(T0),
    });
    const run = runSeconds(backup.backup_size) * 1000;
    clock.advance(run - 1000);
    expect((await api.get(`${RESTORES}/${id}`)).json).toMatchObject({ status: "Running" });
    clock.advance(1000);
    const done = await api.get(`${RESTORES}/${id}`);
    expect(done.json).toMatchObject({
      status: "Succeeded",
      message: "Restore has succeeded!",
      created_at: iso(T0),
      updated_at: iso(T0 + run),
    });
  });

  it("seeds a restore history that ran at the same speed, so a running restore is compared like with like", async () => {
    const tookMs = async (restoreSpeedup: number): Promise<number[]> => {
      const started = await startApi({ restoreSpeedup });
      const took = started.emulator.state.restores
        .forTarget(SCRATCH)
        .map((r) => r.endsMs - r.createdMs);
      await started.close();
      return took;
    };
    const real = await tookMs(1);
    const demo = await tookMs(30);
    expect(real.length).toBeGreaterThan(0);
    // At real speed the drills took 12-45 min, as before; at 30x, a 30th of that in whole seconds.
    for (const ms of real) expect(ms).toBeGreaterThanOrEqual(12 * 60_000);
    expect(demo).toEqual(real.map((ms) => Math.round(ms / 30 / 1000) * 1000));
    api = await startApi(); // closed by afterEach, as in every other test here
  });

  it("runs restoreSpeedup times faster", async () => {
    const clock = manualClock();
    api = await startApi({ now: clock.now, restoreSpeedup: 30 });
    const backup = newest(api.emulator.state, SCENARIOS.healthy, "full");
    const created = await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH }));
    const id = created.json["id"] as number;
    const run = Math.max(
      1000,
      Math.round((runSeconds(backup.backup_size) * 1000) / 30 / 1000) * 1000,
    );
    clock.advance(run - 1000);
    expect((await api.get(`${RESTORES}/${id}`)).json["status"]).toBe("Running");
    clock.advance(1000);
    expect((await api.get(`${RESTORES}/${id}`)).json["status"]).toBe("Succeeded");
  });

  it("takes the old docs' `key` instead of `id`, and a dump restores as logical", async () => {
    api = await startApi();
    const dump = newest(api.emulator.state, SCENARIOS.healthy, "dump");
    const created = await api.call("POST", RESTORES, json({ key: dump.id, service_id: SCRATCH }));
    expect(created.status, created.text).toBe(200);
    expect(created.json).toMatchObject({ backup_id: dump.id, type: "logical" });
  });

  it("fails, with the sizes, when the backup needs more disk than the target has", async () => {
    const clock = manualClock();
    api = await startApi({ now: clock.now });
    const tiny = api.emulator.state.addService("dbtny00000001", {
      name: "tiny",
      cloudProvider: "gcp",
      dataBytes: 1_000_000_000,
    });
    const backup = newest(api.emulator.state, SCENARIOS.healthy, "full");
    expect(backup.disk_size_bytes).toBeGreaterThan(2_000_000_000);
    const created = await api.call("POST", RESTORES, json({ id: backup.id, service_id: tiny.id }));
    expect(created.json["status"]).toBe("Running");
    clock.advance(runSeconds(backup.backup_size) * 1000);
    const failed = await api.get(`${RESTORES}/${created.json["id"] as number}`);
    expect(failed.json["status"]).toBe("Failed");
    expect(failed.json["message"]).toBe(
      `Restore has failed: the backup needs ${backup.disk_size} of disk but dbtny00000001 has 2.0 GB; scale up dbtny00000001's storage or restore into a larger service`,
    );
  });

  it("blocks a second restore into a busy target and its one-off backups until it ends", async () => {
    const clock = manualClock();
    api = await startApi({ now: clock.now });
    const backup = newest(api.emulator.state, SCENARIOS.healthy, "full");
    const first = await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH }));
    const id = first.json["id"] as number;
    const before = api.emulator.state.restores.all.length;
    const second = await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH }));
    expect(second.status).toBe(400);
    expect(message(second)).toBe(
      `service ${SCRATCH} already has restore ${id} running (started ${iso(T0)}); wait for it to finish, or cancel it with DELETE /skybackup/v1/restores/${id}`,
    );
    const once = { service_id: SCRATCH, backup_type: "full", schedule: "once" };
    const backupNow = await api.call("POST", "/skybackup/v1/backups/schedules", json(once));
    expect(backupNow.status).toBe(400);
    expect(message(backupNow)).toMatch(`service ${SCRATCH} is stopped while restore ${id} runs`);
    expect(api.emulator.state.restores.all.length).toBe(before);
    // Another target is not blocked, and the busy one is free once the restore has ended.
    const other = await api.call(
      "POST",
      RESTORES,
      json({ id: backup.id, service_id: SCENARIOS.healthy }),
    );
    expect(other.status, other.text).toBe(200);
    clock.advance(runSeconds(backup.backup_size) * 1000);
    const third = await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH }));
    expect(third.status, third.text).toBe(200);
    clock.advance(runSeconds(backup.backup_size) * 1000);
    const later = await api.call("POST", "/skybackup/v1/backups/schedules", json(once));
    expect(later.status, later.text).toBe(200);
  });
});

describe("cancelling a restore", () => {
  let api: Api;
  afterEach(() => api.close());

  it("cancels a running restore once; a finished one, or an unknown id, is refused", async () => {
    const clock = manualClock();
    api = await startApi({ now: clock.now });
    const backup = newest(api.emulator.state, SCENARIOS.healthy, "full");
    const id = (await api.call("POST", RESTORES, json({ id: backup.id, service_id: SCRATCH })))
      .json["id"] as number;
    clock.advance(30_000);
    const cancelled = await api.call("DELETE", `${RESTORES}/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toBe("");
    clock.advance(DAY);
    const after = await api.get(`${RESTORES}/${id}`);
    expect(after.json).toMatchObject({ status: "Cancelled", updated_at: iso(T0 + 30_000) });
    expect(after.json["message"]).toMatch(
      /^Restore was cancelled at .*restore a known-good backup/,
    );
    const again = await api.call("DELETE", `${RESTORES}/${id}`);
    expect(again.status).toBe(400);
    expect(message(again)).toBe(
      `restore ${id} already finished (Cancelled); only a running restore can be cancelled`,
    );
    const succeeded = api.emulator.state.restores.all.find((r) => r.outcome.status === "Succeeded");
    const old = await api.call("DELETE", `${RESTORES}/${succeeded?.id}`);
    expect(message(old)).toBe(
      `restore ${succeeded?.id} already finished (Succeeded); only a running restore can be cancelled`,
    );
    expect((await api.call("DELETE", `${RESTORES}/999`)).status).toBe(404);
    const bad = await api.call("DELETE", `${RESTORES}/twelve`);
    expect(bad.status).toBe(400);
    expect(message(bad)).toBe('restore id must be an integer >= 1 (got "twelve")');
  });
});

describe("reading restores", () => {
  let api: Api;
  afterEach(() => api.close());

  it("gets one by id; a non-numeric id is a 400 and an unknown one a 404", async () => {
    api = await startApi();
    const one = await api.get(`${RESTORES}/1`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: 1, service_id: SCRATCH, status: "Succeeded" });
    expect((await api.get(`${RESTORES}/0`)).status).toBe(400);
    expect((await api.get(`${RESTORES}/abc`)).status).toBe(400);
    const missing = await api.get(`${RESTORES}/999`);
    expect(missing.status).toBe(404);
    expect(message(missing)).toBe("restore 999 not found");
  });

  it("lists a target's restores newest first, paged like the backups list", async () => {
    api = await startApi();
    const all = await api.get(`${RESTORES}?service_id=${SCRATCH}`);
    expect(all.status).toBe(200);
    const ids = (all.json["restores"] as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual([5, 4, 3, 2, 1]);
    expect(all.json).toMatchObject({ restores_count: 5, pages_count: 1 });
    const page = await api.get(`${RESTORES}?service_id=${SCRATCH}&page=2&page_size=2&order=asc`);
    expect((page.json["restores"] as { id: number }[]).map((r) => r.id)).toEqual([3, 4]);
    expect(page.json).toMatchObject({ restores_count: 5, pages_count: 3 });
    const logical = await api.get(`${RESTORES}?service_id=${SCRATCH}&type=logical`);
    expect(logical.json).toMatchObject({ restores: [], restores_count: 0, pages_count: 0 });
    // Filtered by target: the sources of the drills have no restores into them.
    const source = await api.get(`${RESTORES}?service_id=${SCENARIOS.healthy}`);
    expect(source.json["restores_count"]).toBe(0);
  });

  it.each([
    ["", /^service_id is required \(at least 3 characters\)/],
    ["?service_id=db", /got "db"/],
    [`?service_id=${SCRATCH}&type=snapshot`, /^type must be "physical" or "logical"/],
    [`?service_id=${SCRATCH}&page=0`, /^page must be an integer >= 1/],
    [`?service_id=${SCRATCH}&order=newest`, /^order must be "asc" or "desc"/],
  ])("refuses the list query %s with a 400", async (query, why) => {
    api = await startApi();
    const reply = await api.get(`${RESTORES}${query}`);
    expect(reply.status).toBe(400);
    expect(message(reply)).toMatch(why);
  });

  it("stages a drill history: orders-prod last restored 26 days ago, payments-prod 75, one failure", async () => {
    api = await startApi();
    const list = (await api.get(`${RESTORES}?service_id=${SCRATCH}&order=asc`)).json[
      "restores"
    ] as Record<string, string>[];
    // Drills start between 10:00 and 11:00 UTC, so an age is within a day of its nominal figure.
    const ageDays = (r: Record<string, string>): number =>
      Math.round((T0 - Date.parse(r["created_at"] ?? "")) / DAY);
    const of = (id: string) => list.filter((r) => (r["backup_id"] ?? "").includes(id));
    const ages = of(SCENARIOS.healthy).map(ageDays);
    expect(ages).toHaveLength(3);
    [88, 58, 26].forEach((d, i) => expect(Math.abs((ages[i] ?? 0) - d)).toBeLessThanOrEqual(1));
    expect(of(SCENARIOS.binlogGap).map(ageDays)[0]).toBeGreaterThan(30);
    expect(of(SCENARIOS.healthy).every((r) => r["status"] === "Succeeded")).toBe(true);
    expect(of(SCENARIOS.binlogGap)).toMatchObject([
      { backup_id: SCENARIOS.binlogGap, status: "Succeeded" },
    ]);
    expect(list.filter((r) => r["status"] === "Failed")).toMatchObject([
      {
        backup_id: expect.stringContaining(`:${SCENARIOS.failing}:`),
        message: expect.stringMatching(/^Restore has failed: /),
      },
    ]);
  });

  it("stages a restore INTO a production service: orders-prod's newest listed full into inventory-prod, 3 days ago", async () => {
    api = await startApi();
    const list = (await api.get(`${RESTORES}?service_id=${SCENARIOS.failing}`)).json[
      "restores"
    ] as Record<string, string>[];
    expect(list).toHaveLength(1);
    const [restore] = list;
    const created = Date.parse(restore?.["created_at"] ?? "");
    expect(Math.round((T0 - created) / DAY)).toBe(3);
    // A backup still listed (within the 7-day retention): the newest successful full before it.
    const full = api.emulator.state.backups.findLast(
      (b) =>
        b.service_id === SCENARIOS.healthy &&
        b.type === "full" &&
        b.status === "Succeeded" &&
        Date.parse(b.start_time) < created,
    );
    expect(restore).toMatchObject({
      id: 6,
      service_name: "inventory-prod",
      backup_id: full?.id,
      status: "Succeeded",
    });
  });

  it("answers in the docs' shape when asked: bare arrays, `key`, no service_name", async () => {
    api = await startApi({ restoreShape: "docs" });
    const list = await api.get(`${RESTORES}?service_id=${SCRATCH}`);
    expect(Array.isArray(list.json)).toBe(true);
    const one = await api.get(`${RESTORES}/5`);
    expect(one.json).toEqual([
      {
        id: 5,
        service_id: SCRATCH,
        bucket: expect.any(String),
        key: expect.stringContaining(SCENARIOS.healthy),
        type: "physical",
        status: "Succeeded",
        message: "Restore has succeeded!",
      },
    ]);
  });
});
