/** perKeyAccounts: any key opens an account of its own, so team-mode tests can tell users' data apart. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";

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

  it("keeps one account's writes out of another's", async () => {
    const create = (key: string) =>
      fetch(`${emulator.url}/skybackup/v1/backups/schedules`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({
          service_id: "dbtgf28216706",
          backup_type: "full",
          schedule: "0 1 * * *",
        }),
      });
    const created = (await (await create("alice-key")).json()) as { id: number };
    const list = async (key: string) => {
      const response = await fetch(
        `${emulator.url}/skybackup/v1/backups/schedules?service_id=dbtgf28216706`,
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
