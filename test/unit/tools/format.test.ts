import { describe, expect, it } from "vitest";
import { backupLine, sizeOf } from "../../../src/tools/lists.js";
import { formatBytes } from "../../../src/util/format.js";
import { readBackup } from "../../../src/api/records.js";

describe("formatBytes: decimal units, rounded down", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1 kB"],
    [999_999_999, "999 MB"],
    [1_000_000_000, "1 GB"],
    [1_229_999_999, "1.22 GB"],
    [1_230_000_000, "1.23 GB"],
    [1_050_000_000, "1.05 GB"],
    [12_300_000_000, "12.3 GB"],
    [123_000_000_000, "123 GB"],
    [999_999_999_999, "999 GB"],
    [1e12, "1 TB"],
    [1e18, "1000 PB"],
  ])("%d bytes -> %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([undefined, Number.NaN, -1, Number.POSITIVE_INFINITY])(
    "%s from the API reads as an unknown size",
    (bytes) => {
      expect(formatBytes(bytes)).toBe("size ?");
    },
  );
});

describe("backupLine", () => {
  const base = {
    id: "b1",
    service_id: "dbaaa00000001",
    type: "full",
    status: "Succeeded",
    start_time: "2026-11-29T18:01:37Z",
  };

  it("shows backup_size without naming it, and the time with year and zone", () => {
    const line = backupLine(readBackup({ ...base, backup_size: 1e9, storage_bytes: 5 }));
    expect(line).toBe("2026-11-29 18:01 UTC full Succeeded 1 GB dbaaa00000001 id=b1");
  });

  it("names storage_bytes when it stands in for a missing or unreadable backup_size", () => {
    for (const backup_size of [undefined, -5, "twelve"]) {
      const line = backupLine(readBackup({ ...base, backup_size, storage_bytes: 2_500_000 }));
      expect(line).toContain(" 2.5 MB (storage_bytes) ");
    }
    expect(sizeOf(readBackup({ ...base, backup_size: 0 }))).toEqual({
      bytes: 0,
      field: "backup_size",
    });
    expect(backupLine(readBackup({ ...base }))).toContain(" size ? ");
  });

  it("shows an unreadable API time as sent, a missing one as -", () => {
    expect(backupLine(readBackup({ ...base, start_time: "yesterday" }))).toMatch(/^"yesterday" /);
    expect(backupLine(readBackup({ ...base, start_time: undefined }))).toMatch(/^- full/);
  });
});
