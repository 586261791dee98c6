/** The two restore lookups over real HTTP: eligible targets of a backup, and PITR sources. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS, type EmulatorState } from "../../helpers/emulator.js";
import { message, startApi, type Api } from "./emulator-api.js";
import { RESTORES, SCRATCH, json, newest } from "./restore-fixtures.js";

const LOOKUP = `${RESTORES}/lookup`;
const PITR = `${RESTORES}/pointintime/lookup`;
const POINT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

function servicesOn(state: EmulatorState, cloud: string): string[] {
  return state.services.filter((id) => state.service(id)?.cloudProvider === cloud);
}

describe("POST /restores/lookup", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("lists every service on the backup's cloud, the source and the scratch target included", async () => {
    const state = api.emulator.state;
    const backup = newest(state, SCENARIOS.healthy, "full");
    const reply = await api.call(
      "POST",
      LOOKUP,
      json({ backup_id: backup.id, service_id: SCENARIOS.healthy }),
    );
    expect(reply.status, reply.text).toBe(200);
    const services = reply.json["services"] as { service_id: string; service_name: string }[];
    expect(services.map((s) => s.service_id)).toEqual(servicesOn(state, "gcp"));
    expect(services).toContainEqual({ service_id: SCRATCH, service_name: "scratch-restore" });
    expect(services).toContainEqual({ service_id: SCENARIOS.healthy, service_name: "orders-prod" });
    expect(services.map((s) => s.service_id)).not.toContain(SCENARIOS.stopped);
  });

  it("keeps an aws backup on aws, and takes a service id as a PITR source", async () => {
    const state = api.emulator.state;
    const aws = await api.call(
      "POST",
      LOOKUP,
      json({ backup_id: newest(state, SCENARIOS.stopped, "full").id }),
    );
    expect((aws.json["services"] as { service_id: string }[]).map((s) => s.service_id)).toEqual(
      servicesOn(state, "aws"),
    );
    const pitr = await api.call("POST", LOOKUP, json({ backup_id: SCENARIOS.suspended }));
    expect(pitr.json["services"]).toEqual([
      { service_id: SCENARIOS.suspended, service_name: "crm-staging" },
    ]);
  });

  it.each([
    [
      "a body that is not an object",
      () => "x",
      /^request body must be a JSON object \{backup_id, service_id\}$/,
    ],
    ["no backup_id", () => ({ service_id: SCENARIOS.healthy }), /^backup_id is required/],
    ["an unknown backup", () => ({ backup_id: "nope" }), /^backup "nope" not found$/],
    [
      "a source that is not the backup's",
      (s: EmulatorState) => ({
        backup_id: newest(s, SCENARIOS.healthy, "full").id,
        service_id: SCRATCH,
      }),
      /belongs to service dbtgf28216706, not "dbgsr10358824": service_id is the backup's SOURCE service$/,
    ],
    [
      "a failed backup",
      (s: EmulatorState) => ({ backup_id: newest(s, SCENARIOS.failing, "full", "Failed").id }),
      /is Failed; only a Succeeded backup can be restored$/,
    ],
  ])("refuses %s with a 400", async (_label, body, why) => {
    const reply = await api.call("POST", LOOKUP, json(body(api.emulator.state)));
    expect(reply.status, reply.text).toBe(400);
    expect(message(reply)).toMatch(why);
  });

  it("answers GET on the lookup path with a 405 naming POST", async () => {
    const reply = await api.get(LOOKUP);
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe("POST");
  });
});

describe("GET /restores/pointintime/lookup", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("lists the services with a base backup followed by binlogs, and their windows", async () => {
    const reply = await api.get(PITR);
    expect(reply.status).toBe(200);
    const services = reply.json["services"] as Record<string, string>[];
    const ids = services.map((s) => s.service_id);
    for (const role of ["healthy", "binlogGap", "stuck", "restoreTarget"] as const)
      expect(ids).toContain(SCENARIOS[role]);
    // Azure takes snapshots only; legacy-reports' binlogs have expired.
    expect(ids).not.toContain(SCENARIOS.suspended);
    expect(ids).not.toContain(SCENARIOS.unscheduled);
    for (const s of services) {
      expect(s["start_time"]).toMatch(POINT);
      expect(s["end_time"]).toMatch(POINT);
      expect((s["start_time"] ?? "") < (s["end_time"] ?? "")).toBe(true);
    }
  });

  it("ends a window at the newest binlog and starts it at a successful full", async () => {
    const state = api.emulator.state;
    const reply = await api.get(`${PITR}?service_id=${SCENARIOS.healthy}`);
    const services = reply.json["services"] as Record<string, string>[];
    expect(services).toHaveLength(1);
    const window = services[0] ?? {};
    expect(window).toMatchObject({ service_id: SCENARIOS.healthy, service_name: "orders-prod" });
    expect(window["end_time"]).toBe(newest(state, SCENARIOS.healthy, "binarylog").point_in_time);
    const fulls = state.backups.filter(
      (b) => b.service_id === SCENARIOS.healthy && b.type === "full" && b.status === "Succeeded",
    );
    expect(fulls.map((b) => b.point_in_time)).toContain(window["start_time"]);
    // Binlogs reach back 2.5 days, so the window cannot start at the oldest full of 30 days.
    expect(window["start_time"]).not.toBe(fulls[0]?.point_in_time);
  });

  it("ends the window of the failing service at its last successful binlog", async () => {
    const reply = await api.get(`${PITR}?service_id=${SCENARIOS.failing}`);
    const [window] = reply.json["services"] as Record<string, string>[];
    expect(window?.["end_time"]).toBe(
      newest(api.emulator.state, SCENARIOS.failing, "binarylog").point_in_time,
    );
  });

  it("answers an unknown service filter with no services", async () => {
    const reply = await api.get(`${PITR}?service_id=dbzzz99999999`);
    expect(reply.json).toEqual({ services: [] });
  });
});
