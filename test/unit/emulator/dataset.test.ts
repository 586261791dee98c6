import { describe, expect, it } from "vitest";
import { BACKUP_TYPES, SCENARIOS, generateDataset } from "../../helpers/emulator.js";
import { DAY, T0 } from "./emulator-api.js";

const now = (): Date => new Date(T0);
const data = generateDataset({ now });
const ageDays = (iso: string): number => (T0 - Date.parse(iso)) / DAY;

describe("generated dataset", () => {
  it("is deterministic for seed + clock and differs for another seed", () => {
    const again = generateDataset({ now });
    expect(JSON.stringify(again.backups)).toBe(JSON.stringify(data.backups));
    expect([...again.schedules.values()]).toEqual([...data.schedules.values()]);
    const other = generateDataset({ now, seed: 7 });
    expect(other.backups.map((b) => b.id)).not.toEqual(data.backups.map((b) => b.id));
  });

  it("has realistic services and at least 1000 backups of every type over 30 days", () => {
    expect(data.services).toHaveLength(9);
    expect(data.services.every((id) => /^db[a-z]{3}\d{8}$/.test(id))).toBe(true);
    expect(data.backups.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(data.backups.map((b) => b.type))).toEqual(new Set(BACKUP_TYPES));
    const oldest = data.backups[0];
    expect(ageDays(oldest?.start_time ?? "")).toBeGreaterThan(29);
    const failed = data.backups.filter((b) => b.status === "Failed").length / data.backups.length;
    expect(failed).toBeGreaterThan(0.005);
    expect(failed).toBeLessThan(0.08);
  });

  it("prints backups the way the API does", () => {
    for (const b of data.backups) {
      expect(b.id).toMatch(new RegExp(`^[0-9a-f]{32}:${b.service_id}:${b.server_pod}$`));
      expect(b.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(b.status === "Running" ? b.end_time === "" : b.end_time > b.start_time).toBe(true);
      if (b.status === "Succeeded")
        expect(b.point_in_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      if (b.cloud_provider === "azure") expect(b.type).toBe("snapshot");
      if (b.type === "dump") expect(b.method).toBe("mysqldump");
    }
    const binlog = data.backups.find((b) => b.type === "binarylog");
    expect(binlog?.binlog_file).toMatch(/^mariadb-bin\.\d{6}$/);
    expect(binlog?.binlog_gtid_position).toMatch(/^0-1-\d+$/);
  });

  it("chains incrementals to the last successful full before them", () => {
    const byId = new Map(data.backups.map((b) => [b.id, b]));
    const incrementals = data.backups.filter((b) => b.type === "incremental");
    expect(incrementals.length).toBeGreaterThan(100);
    for (const inc of incrementals) {
      const full = byId.get(inc.reference_full_backup);
      expect(full?.type).toBe("full");
      expect(full?.status).toBe("Succeeded");
      expect(full?.service_id).toBe(inc.service_id);
      expect((full?.start_time ?? "") < inc.start_time).toBe(true);
    }
  });

  it("gives every normal service nightly full, 6-hourly incremental and hourly binlog schedules", () => {
    const healthy = [...data.schedules.values()].filter((s) => s.service_id === SCENARIOS.healthy);
    expect(healthy.map((s) => [s.type, s.schedule])).toEqual(
      expect.arrayContaining([
        ["full", "0 2 * * *"],
        ["incremental", "0 */6 * * *"],
        ["binarylog", "0 * * * *"],
      ]),
    );
    expect([...data.schedules.keys()].every((id) => Number.isInteger(id))).toBe(true);
  });
});

describe("large datasets", () => {
  // How fast is the bench's business (npm run bench -- audit seeds these); a timed assertion here
  // would fail on a slow or busy machine and prove nothing about the data.
  it("generates 100,000+ backups over 50 services, sorted by start_time", () => {
    const big = generateDataset({ now, backups: 100_000, services: 50 });
    expect(big.backups.length).toBeGreaterThanOrEqual(100_000);
    expect(big.backups.length).toBeLessThan(110_000);
    expect(big.services).toHaveLength(50);
    expect(new Set(big.services).size).toBe(50);
    expect(big.scenarios).toEqual(SCENARIOS);
    const sorted = big.backups.every(
      (b, i, all) => i === 0 || all[i - 1]!.start_time <= b.start_time,
    );
    expect(sorted).toBe(true);
  });
});
