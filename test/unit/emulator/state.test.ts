import { describe, expect, it } from "vitest";
import { generateDataset } from "../../helpers/emulator.js";
import { T0, manualClock, startApi } from "./emulator-api.js";

describe("EmulatorState for tests that build their own data", () => {
  it("starts empty and takes services and backups, kept in start_time order", () => {
    const state = generateDataset({ emptyData: true, now: () => new Date(T0) });
    expect(state.services).toEqual([]);
    expect(state.backups).toEqual([]);
    expect(state.schedules.size).toBe(0);
    state.addService("dbabc00000001", { name: "mine", cloudProvider: "aws" });
    const later = state.addBackup({
      service_id: "dbabc00000001",
      start_time: "2025-06-14T00:00:00Z",
    });
    const earlier = state.addBackup({
      service_id: "dbabc00000002",
      type: "binarylog",
      start_time: "2025-06-13T00:00:00Z",
    });
    expect(state.backups.map((b) => b.id)).toEqual([earlier.id, later.id]);
    expect(later).toMatchObject({
      service_name: "mine",
      cloud_provider: "aws",
      status: "Succeeded",
      type: "full",
    });
    expect(earlier.binlog_file).toMatch(/^mariadb-bin\.\d{6}$/);
    expect(state.services).toEqual(["dbabc00000001", "dbabc00000002"]);
  });

  it("serves what a test added, through HTTP", async () => {
    const clock = manualClock();
    const api = await startApi({ emptyData: true, now: clock.now });
    try {
      api.emulator.state.addBackup({ service_id: "dbtst12345678", status: "Failed" });
      const res = await api.get("/skybackup/v1/backups?status=failed");
      expect(res.json["backups_count"]).toBe(1);
      const created = await api.call("POST", "/skybackup/v1/backups/schedules", {
        body: JSON.stringify({
          service_id: "dbtst12345678",
          backup_type: "incremental",
          schedule: "once",
        }),
      });
      expect(created.json["id"]).toBe(200);
      expect(api.emulator.state.backups.at(-1)?.status).toBe("Running");
      clock.advance(60 * 60_000);
      // Reading state directly settles too, no request needed.
      expect(api.emulator.state.backups.at(-1)?.status).toBe("Succeeded");
    } finally {
      await api.close();
    }
  });
});
