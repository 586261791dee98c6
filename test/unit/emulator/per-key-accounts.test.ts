/** perKeyAccounts: any key opens an account of its own, so team-mode tests can tell users' data apart. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SCENARIOS,
  accountScenarios,
  startEmulator,
  type RunningEmulator,
} from "../../helpers/emulator.js";

let emulator: RunningEmulator;
const backupIds = async (key: string): Promise<{ status: number; ids: string[] }> => {
  const response = await fetch(`${emulator.url}/skybackup/v1/backups?page_size=20`, {
    headers: { "x-api-key": key },
  });
  if (response.status !== 200) return { status: response.status, ids: [] };
  const body = (await response.json()) as { backups: { id: string }[] };
  return { status: 200, ids: body.backups.map((backup) => backup.id) };
};

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: "main-key", perKeyAccounts: true });
});
afterAll(() => emulator.close());

describe("emulator per-key accounts", () => {
  it("gives each key its own data, the same on every request", async () => {
    const alice = await backupIds("alice-key");
    const bob = await backupIds("bob-key");
    expect(alice.ids).toHaveLength(20);
    expect(bob.ids).toHaveLength(20);
    expect(alice.ids.filter((id) => bob.ids.includes(id))).toEqual([]);
    expect((await backupIds("alice-key")).ids).toEqual(alice.ids);
  });

  it("names each account's services from its key, so a test can tell accounts apart", async () => {
    const services = async (key: string): Promise<{ id: string; name: string }[]> => {
      const response = await fetch(`${emulator.url}/skybackup/v1/backups?page_size=500`, {
        headers: { "x-api-key": key },
      });
      const body = (await response.json()) as {
        backups: { service_id: string; service_name: string }[];
      };
      const seen = new Map(body.backups.map((b) => [b.service_id, b.service_name]));
      return [...seen].map(([id, name]) => ({ id, name }));
    };
    const alice = await services("alice-key");
    const bob = await services("bob-key");
    const main = await services("main-key");
    const ids = (list: { id: string }[]) => list.map((s) => s.id);
    const names = (list: { name: string }[]) => list.map((s) => s.name);
    expect(ids(alice).filter((id) => ids(bob).includes(id))).toEqual([]);
    expect(names(alice).filter((name) => names(bob).includes(name))).toEqual([]);
    // Every role's id is the key's, and stays a plain service id; the configured key keeps SCENARIOS.
    const aliceRoles = accountScenarios("alice-key");
    expect(aliceRoles.healthy).toMatch(/^db[a-z]{3}\d{8}$/);
    expect(aliceRoles.healthy).not.toBe(accountScenarios("bob-key").healthy);
    expect(accountScenarios("alice-key")).toEqual(aliceRoles);
    expect(ids(alice)).toContain(aliceRoles.healthy);
    expect(alice.find((s) => s.id === aliceRoles.healthy)?.name).toMatch(/^orders-prod-[a-z]{4}$/);
    expect(ids(alice)).not.toContain(SCENARIOS.healthy);
    expect(main.find((s) => s.id === SCENARIOS.healthy)?.name).toBe("orders-prod");
  });

  it("keeps one account's writes out of another's", async () => {
    const create = (key: string) =>
      fetch(`${emulator.url}/skybackup/v1/backups/schedules`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({
          service_id: accountScenarios(key).healthy,
          backup_type: "full",
          schedule: "0 1 * * *",
        }),
      });
    const created = (await (await create("alice-key")).json()) as { id: number };
    const list = async (key: string) => {
      const response = await fetch(
        `${emulator.url}/skybackup/v1/backups/schedules?service_id=${accountScenarios(key).healthy}`,
        { headers: { "x-api-key": key } },
      );
      return ((await response.json()) as { schedules: { id: number; schedule: string }[] })
        .schedules;
    };
    expect(
      (await list("alice-key")).some((s) => s.id === created.id && s.schedule === "0 1 * * *"),
    ).toBe(true);
    expect((await list("bob-key")).some((s) => s.schedule === "0 1 * * *")).toBe(false);
  });

  it("serves the configured key's account as `state`, and refuses revoked and missing keys", async () => {
    const main = await backupIds("main-key");
    expect(main.ids).toContain(emulator.state.backups.at(-1)?.id ?? "none");
    expect((await backupIds("revoked-alice")).status).toBe(401);
    expect((await backupIds("")).status).toBe(401);
  });

  it("without perKeyAccounts only the configured key is served", async () => {
    const single = await startEmulator({ apiKey: "only-key" });
    try {
      const response = await fetch(`${single.url}/skybackup/v1/backups`, {
        headers: { "x-api-key": "alice-key" },
      });
      expect(response.status).toBe(401);
    } finally {
      await single.close();
    }
  });
});
