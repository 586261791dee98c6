/**
 * POST /restores refuses, with a 400 that says what to send, every request the notes say cannot
 * work, and a refused request starts nothing. The accepted shapes are checked beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS, type EmulatorState } from "../../helpers/emulator.js";
import { message, startApi, type Api } from "./emulator-api.js";
import { RESTORES, SCRATCH, json, newest } from "./restore-fixtures.js";

const CREDENTIALS = Buffer.from('{"type":"service_account","private_key":"s3cr3t"}').toString(
  "base64",
);
type Case = [label: string, body: (s: EmulatorState) => unknown, why: RegExp];

const ext = (over: Record<string, unknown>) => ({
  id: "backup.tar.gz",
  service_id: SCRATCH,
  external_source: { bucket: "gs://my-backups/", method: "mariabackup", ...over },
});

const CASES: Case[] = [
  [
    "a body that is not an object",
    () => [1],
    /^request body must be a JSON object \{id, service_id/,
  ],
  ["no body", () => undefined, /got nothing/],
  ["no id", () => ({ service_id: SCRATCH }), /^id is required: the backup id from GET/],
  ["an empty id", () => ({ id: " ", service_id: SCRATCH }), /^id is required/],
  [
    "no service_id",
    (s) => ({ id: newest(s, SCENARIOS.healthy, "full").id }),
    /^service_id is required: the service to restore INTO/,
  ],
  [
    "id and key that differ",
    (s) => ({ id: newest(s, SCENARIOS.healthy, "full").id, key: "x", service_id: SCRATCH }),
    /^send the backup as "id" only/,
  ],
  [
    "an unknown backup",
    () => ({ id: "feed:dbtgf28216706:pod", service_id: SCRATCH }),
    /^backup "feed:dbtgf28216706:pod" not found: send an id from GET/,
  ],
  [
    "a service id without point_in_time",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH }),
    /is a service id: send point_in_time too/,
  ],
  [
    "an unknown target",
    (s) => ({ id: newest(s, SCENARIOS.healthy, "full").id, service_id: "dbzzz99999999" }),
    /^target service "dbzzz99999999" not found/,
  ],
  [
    "a failed backup",
    (s) => ({ id: newest(s, SCENARIOS.failing, "full", "Failed").id, service_id: SCRATCH }),
    /is Failed; only a Succeeded backup can be restored$/,
  ],
  [
    "a running backup",
    (s) => ({
      id: newest(s, SCENARIOS.stuck, "full", "Running").id,
      service_id: SCENARIOS.stopped,
    }),
    /is Running; only a Succeeded backup/,
  ],
  [
    "a binlog backup alone",
    (s) => ({ id: newest(s, SCENARIOS.healthy, "binarylog").id, service_id: SCRATCH }),
    /is a binarylog backup, which cannot be restored on its own/,
  ],
  [
    "another cloud's backup",
    (s) => ({ id: newest(s, SCENARIOS.stopped, "full").id, service_id: SCRATCH }),
    /is on aws but dbgsr10358824 runs on gcp: managed backups restore only within the same cloud provider; export/,
  ],
  [
    "a PITR from another cloud",
    () => ({ id: SCENARIOS.stopped, service_id: SCRATCH, point_in_time: "2025-06-14 10:00:00" }),
    /source service dbqkr31007245 is on aws but/,
  ],
  [
    "an RFC 3339 point_in_time",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH, point_in_time: "2025-06-14T10:00:00Z" }),
    /^point_in_time must be 'YYYY-MM-DD hh:mm:ss' in UTC/,
  ],
  [
    "a point_in_time that is no date",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH, point_in_time: "2025-02-30 10:00:00" }),
    /is not a real date and time$/,
  ],
  [
    "a numeric point_in_time",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH, point_in_time: 1718000000 }),
    /got a number/,
  ],
  [
    "a point before the PITR window",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH, point_in_time: "2024-01-01 00:00:00" }),
    /is outside dbtgf28216706's point-in-time window, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to .* UTC; pick a time inside it/,
  ],
  [
    "a point after the newest binlog",
    () => ({ id: SCENARIOS.healthy, service_id: SCRATCH, point_in_time: "2025-06-15 10:29:59" }),
    /is outside dbtgf28216706's point-in-time window/,
  ],
  [
    "a backup key as a PITR source",
    (s) => ({
      id: newest(s, SCENARIOS.healthy, "full").id,
      service_id: SCRATCH,
      point_in_time: "2025-06-14 10:00:00",
    }),
    /^with point_in_time, id is the SOURCE SERVICE id/,
  ],
  [
    "a PITR source without binlogs",
    () => ({
      id: SCENARIOS.suspended,
      service_id: SCENARIOS.suspended,
      point_in_time: "2025-06-14 10:00:00",
    }),
    /has no point-in-time coverage: it needs a successful full backup followed by binlog backups/,
  ],
  [
    "point_in_time with external_source",
    () => ({ ...ext({}), point_in_time: "2025-06-14 10:00:00" }),
    /cannot be combined/,
  ],
  [
    "an external bucket over https",
    () => ext({ bucket: "https://my-backups/" }),
    /^external_source.bucket must start with gs:\/\/ or s3:\/\//,
  ],
  [
    "an external source with no bucket",
    () => ext({ bucket: undefined }),
    /^external_source.bucket is required/,
  ],
  [
    "an external method that is not supported",
    () => ext({ method: "xtrabackup", credentials: CREDENTIALS }),
    /^external_source.method must be "mariabackup" or "mysqldump"/,
  ],
  [
    "credentials that are not base64",
    () => ext({ credentials: "not base64!" }),
    /credentials must be a base64-encoded string; it does not decode/,
  ],
  [
    "credentials as an array of integers",
    () => ext({ credentials: [1, 2] }),
    /not an array of integers, whatever the API document says/,
  ],
  [
    "an encryption key that is not a string",
    () => ext({ encryption_key: 42 }),
    /encryption_key must be a string/,
  ],
  [
    "an external_source that is not an object",
    () => ({ id: "f", service_id: SCRATCH, external_source: "gs://x" }),
    /^external_source must be an object/,
  ],
  [
    "an external restore into azure",
    () => ({ ...ext({}), service_id: SCENARIOS.suspended }),
    /runs on azure, where restores come from snapshots only/,
  ],
];

describe("POST /restores refusals", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it.each(CASES)("refuses %s with a 400 and starts nothing", async (_label, body, why) => {
    const before = api.emulator.state.restores.all.length;
    const payload = body(api.emulator.state);
    const reply = await api.call("POST", RESTORES, payload === undefined ? {} : json(payload));
    expect(reply.status, reply.text).toBe(400);
    expect(message(reply)).toMatch(why);
    expect(reply.json).toMatchObject({
      code: 400,
      path: RESTORES,
      errors: [{ error: "Bad Request" }],
    });
    expect(reply.text).not.toContain(CREDENTIALS);
    expect(api.emulator.state.restores.all.length).toBe(before);
  });

  it("refuses a point in a binlog gap, naming the gap", async () => {
    const { startMs, endMs } = binlogGapOf(api.emulator.state);
    const inside = new Date((startMs + endMs) / 2).toISOString().slice(0, 19).replace("T", " ");
    const reply = await api.call(
      "POST",
      RESTORES,
      json({ id: SCENARIOS.binlogGap, service_id: SCRATCH, point_in_time: inside }),
    );
    expect(reply.status, reply.text).toBe(400);
    expect(message(reply)).toMatch(
      /cannot be reached: dbfsj83915527 has no binlog backups between .* UTC; pick a time before that gap or after the next full backup$/,
    );
  });
});

/** The widest hole between consecutive successful binlog backups of the binlogGap service. */
function binlogGapOf(state: EmulatorState): { startMs: number; endMs: number } {
  const points = state.backups
    .filter(
      (b) =>
        b.service_id === SCENARIOS.binlogGap && b.type === "binarylog" && b.status === "Succeeded",
    )
    .map((b) => Date.parse(`${b.point_in_time.replace(" ", "T")}Z`));
  let best = { startMs: 0, endMs: 0 };
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1] ?? 0;
    const b = points[i] ?? 0;
    if (b - a > best.endMs - best.startMs) best = { startMs: a, endMs: b };
  }
  expect(best.endMs - best.startMs).toBeGreaterThan(2 * 3_600_000);
  return best;
}

describe("POST /restores accepted shapes", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("starts an external restore, never echoing its credentials or key", async () => {
    const reply = await api.call(
      "POST",
      RESTORES,
      json(
        ext({
          bucket: "s3://my-backups/",
          method: "mysqldump",
          credentials: CREDENTIALS,
          encryption_key: "k3y-s3cr3t",
        }),
      ),
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      backup_id: "backup.tar.gz",
      bucket: "s3://my-backups/",
      type: "logical",
      status: "Running",
    });
    expect(reply.text).not.toContain(CREDENTIALS);
    expect(reply.text).not.toContain("k3y-s3cr3t");
  });

  it("starts a point-in-time restore from any point the lookup offers", async () => {
    const lookup = await api.get(`${RESTORES}/pointintime/lookup?service_id=${SCENARIOS.healthy}`);
    const [window] = lookup.json["services"] as { start_time: string; end_time: string }[];
    for (const point of [window?.start_time, window?.end_time]) {
      const reply = await api.call(
        "POST",
        RESTORES,
        json({ id: SCENARIOS.healthy, service_id: SCENARIOS.healthy, point_in_time: point }),
      );
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json).toMatchObject({
        backup_id: SCENARIOS.healthy,
        type: "physical",
        status: "Running",
      });
      expect((await api.call("DELETE", `${RESTORES}/${reply.json["id"] as number}`)).status).toBe(
        200,
      );
    }
  });
});
