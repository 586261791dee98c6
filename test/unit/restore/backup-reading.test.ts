/**
 * BackupReading reads a backup once for the audit's tally, restore model and
 * size rules; each must see what the one-field helpers say, or the audit and
 * plan_restore (which use the helpers) would disagree. Records built to break
 * it: missing and odd times, fallbacks, zones, odd types and statuses.
 */
import { describe, expect, it } from "vitest";
import type { Backup } from "../../../src/api/records.js";
import {
  BackupReading,
  idOf,
  outcomeOf,
  pointMsOf,
  startMsOf,
  typeOf,
  isFuture,
} from "../../../src/recovery/model.js";

const NOW = Date.parse("2026-12-04T12:00:00Z");

const records: Backup[] = [
  {
    id: "a",
    type: "full",
    status: "Succeeded",
    start_time: "2026-12-04T00:00:00Z",
    end_time: "2026-12-04T00:10:00Z",
    point_in_time: "2026-12-04 00:09:00",
  },
  { id: "b", type: "binarylog", status: "Failed", end_time: "2026-12-03T23:00:00Z" },
  { id: "c", type: " Incremental ", status: "succeeded ", point_in_time: "2026-12-03 22:00:00" },
  { id: "d", type: "FULL", status: "Running", start_time: "2026-12-04T10:00:00+02:00" },
  {
    id: "",
    type: "snapshot",
    status: "Completed",
    start_time: "not a time",
    end_time: "2026-02-30T00:00:00Z",
  },
  { type: "", status: 7 as unknown as string, start_time: 5 as unknown as string },
  {
    id: "f",
    type: "dump",
    status: "Succeeded",
    start_time: "2026-12-30T00:00:00Z",
    point_in_time: "2026-12-04 00:00:00",
  },
  { id: "g", type: "constructor", status: "aborted", start_time: "2026-12-04T00:00:00.250Z" },
  {},
];

describe("BackupReading", () => {
  it("says what the one-field helpers say, on every crafted record", () => {
    const reading = new BackupReading();
    for (const backup of records) {
      const read = reading.read(backup);
      expect(read.type).toBe(typeOf(backup));
      expect(read.outcome).toBe(outcomeOf(backup.status));
      expect(read.id).toBe(idOf(backup));
      expect(read.start).toEqual(startMsOf(backup) ?? Number.NaN);
      expect(read.point).toEqual(pointMsOf(backup) ?? Number.NaN);
    }
  });

  it("dates a record in the future by its latest time, start, end or point, past the skew", () => {
    const reading = new BackupReading();
    const future = (backup: Backup) => isFuture(reading.read(backup).latest, NOW);
    expect(records.filter(future).map((backup) => backup.id)).toEqual(["f"]);
    expect(future({ end_time: "2026-12-04T12:06:00Z" })).toBe(true);
    expect(future({ point_in_time: "2026-12-04 12:04:59" })).toBe(false);
    expect(future({ start_time: "2026-12-04T11:00:00Z", end_time: "2026-12-05T00:00:00Z" })).toBe(
      true,
    );
    expect(future({})).toBe(false);
  });

  it("keeps nothing of the previous record", () => {
    const reading = new BackupReading();
    reading.read(records[0] as Backup);
    const empty = reading.read({});
    expect(empty).toMatchObject({ type: "unknown", outcome: "other", id: undefined });
    expect(empty.start).toBeNaN();
    expect(empty.point).toBeNaN();
    expect(empty.latest).toBe(-Infinity);
  });

  it("reads the documented spellings as they are and others the lenient way", () => {
    expect(typeOf({ type: "binarylog" })).toBe("binarylog");
    expect(typeOf({ type: " BinaryLog" })).toBe("binarylog");
    expect(outcomeOf("Succeeded")).toBe("succeeded");
    expect(outcomeOf(" FAILED")).toBe("failed");
    expect(outcomeOf("Running")).toBe("running");
  });
});
