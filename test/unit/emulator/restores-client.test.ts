/**
 * BackupsApi's restore methods against the emulator over real HTTP: the types come back filled,
 * both answer shapes read the same, faults on the new routes behave as on the old ones, reads are
 * retried and writes (POST, DELETE, and the POST lookup) are sent once.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  BackupsApi,
  type ExternalSourceBody,
  type RestoreMethod,
} from "../../../src/api/client.js";
import { ApiError } from "../../../src/api/errors.js";
import { SCENARIOS, startEmulator, type RunningEmulator } from "../../helpers/emulator.js";
import { T0 } from "./emulator-api.js";
import { RESTORES, SCRATCH, newest } from "./restore-fixtures.js";

let emulator: RunningEmulator;
afterEach(() => emulator.close());

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  emulator = await startEmulator({ now: () => new Date(T0), ...options });
  return new BackupsApi({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    timeoutMs: 2_000,
    userAgent: "restore-test",
    retryBaseDelayMs: 1,
  });
}

const sent = (method: string, path: string) =>
  emulator.requests.filter((r) => r.method === method && r.path === path);

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("restore methods", () => {
  it("look up, start, read, list and cancel a restore", async () => {
    const api = await start();
    const backup = newest(emulator.state, SCENARIOS.healthy, "full");
    const targets = await api.lookupRestoreTargets({
      backup_id: backup.id,
      service_id: SCENARIOS.healthy,
    });
    expect(targets.services).toContainEqual({
      service_id: SCRATCH,
      service_name: "scratch-restore",
    });
    const sources = await api.pointInTimeSources({ service_id: SCENARIOS.healthy });
    expect(sources.services).toMatchObject([
      { service_id: SCENARIOS.healthy, start_time: expect.any(String) },
    ]);
    const created = await api.createRestore({ id: backup.id, service_id: SCRATCH });
    expect(created).toMatchObject({ service_id: SCRATCH, backup_id: backup.id, status: "Running" });
    expect(typeof created.id).toBe("number");
    const id = created.id ?? 0;
    expect(await api.getRestore(id)).toEqual(created);
    const page = await api.listRestores({ service_id: SCRATCH, page_size: 2 });
    expect(page).toMatchObject({ total: 6, pages: 3 });
    expect(page.items[0]?.id).toBe(id);
    await expect(api.cancelRestore(id)).resolves.toBeUndefined();
    expect((await api.getRestore(id)).status).toBe("Cancelled");
  });

  it("read the docs' shape (bare arrays, key) as the spec's", async () => {
    const api = await start({ restoreShape: "docs" });
    const page = await api.listRestores({ service_id: SCRATCH });
    expect(page).toMatchObject({ total: 5, pages: 1 });
    expect(
      page.items.every((r) => typeof r.backup_id === "string" && r.backup_id === r["key"]),
    ).toBe(true);
    const one = await api.getRestore(3);
    expect(one).toMatchObject({ id: 3, status: expect.any(String), backup_id: expect.any(String) });
  });

  it("carry the API's 400 message for a refused restore", async () => {
    const api = await start();
    const error = await failure(
      api.createRestore({
        id: SCENARIOS.stopped,
        service_id: SCRATCH,
        point_in_time: "2025-06-14 10:00:00",
      }),
    );
    expect(error.status).toBe(400);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.apiMessage).toMatch(/managed backups restore only within the same cloud provider/);
  });
});

describe("faults on the restore routes", () => {
  it("retry a read that met a 502", async () => {
    const api = await start();
    emulator.faults.add({ fault: "status", status: 502, match: { method: "GET", path: RESTORES } });
    await expect(api.listRestores({ service_id: SCRATCH })).resolves.toMatchObject({ total: 5 });
    expect(sent("GET", RESTORES)).toHaveLength(2);
    emulator.faults.add({ fault: "reset", match: { path: `${RESTORES}/pointintime` } });
    await expect(api.pointInTimeSources()).resolves.toMatchObject({ services: expect.any(Array) });
    expect(sent("GET", `${RESTORES}/pointintime/lookup`)).toHaveLength(2);
  });

  it("send a restore once when its answer is lost, and say it may have started", async () => {
    const api = await start();
    const backup = newest(emulator.state, SCENARIOS.healthy, "full");
    emulator.faults.add({ fault: "reset_mid_body", match: { method: "POST", path: RESTORES } });
    const error = await failure(api.createRestore({ id: backup.id, service_id: SCRATCH }));
    expect(error.outcomeUnknown).toBe(true);
    expect(error.hint).toMatch(/may have been applied/);
    expect(sent("POST", RESTORES)).toHaveLength(1);
    // The handler ran before the answer was cut: the restore did start.
    expect(emulator.state.restores.runningOn(SCRATCH, T0)).toBeDefined();
  });

  it("send a cancel and a target lookup once through a 502", async () => {
    const api = await start();
    emulator.faults.add({ fault: "status", status: 502, match: { method: "DELETE" } });
    expect((await failure(api.cancelRestore(1))).outcomeUnknown).toBe(true);
    expect(sent("DELETE", `${RESTORES}/1`)).toHaveLength(1);
    emulator.faults.add({ fault: "status", status: 502, match: { path: `${RESTORES}/lookup` } });
    await failure(
      api.lookupRestoreTargets({ backup_id: SCENARIOS.healthy, service_id: SCENARIOS.healthy }),
    );
    expect(sent("POST", `${RESTORES}/lookup`)).toHaveLength(1);
  });

  it("scrub the external source's secrets from an error that echoes them", async () => {
    const api = await start();
    const credentials = Buffer.from("[default]\naws_secret_access_key = abcSECRET").toString(
      "base64",
    );
    const echo = JSON.stringify({
      code: 400,
      errors: [
        { error: "Bad Request", message: `bad credentials ${credentials} and key k3y-s3cr3t` },
      ],
    });
    emulator.faults.add({ fault: "status", status: 400, body: echo, match: { method: "POST" } });
    const method: RestoreMethod = "mariabackup";
    const source: ExternalSourceBody = {
      bucket: "s3://mine/",
      method,
      credentials,
      encryption_key: "k3y-s3cr3t",
    };
    const error = await failure(
      api.createRestore({ id: "backup.tar.gz", service_id: SCRATCH, external_source: source }),
    );
    const shown = `${error.message} ${error.apiMessage ?? ""}`;
    expect(shown).toContain("bad credentials");
    expect(shown).not.toContain(credentials);
    expect(shown).not.toContain("k3y-s3cr3t");
  });
});
