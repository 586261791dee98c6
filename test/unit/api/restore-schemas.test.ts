/** The restore readers on data the document does not promise: every shape the sources show, and junk. */
import { describe, expect, it } from "vitest";
import {
  readOneRestore,
  isFinishedRestore,
  readPitrSources,
  readRestore,
  readRestorePage,
  readRestoreTargets,
  type PitrSource,
  type RestoreTarget,
} from "../../../src/api/records.js";

// The vendor's worked example (RESTORES-NOTES.md §1.1): a bare array, `key`, no created_at.
const DOCS_RUNNING = {
  id: 12,
  service_id: "dbtgf28216706",
  bucket: "gs://sky-syst0000-backup-us-84e9d84ecf265a/orgpxw1x",
  key: "eda3b72460c8c0d9d61a7f01b6a22e32:dbtgf28216706:tx-filip-mdb-ms-0",
  type: "physical",
  status: "Running",
  message: "server is not-ready",
};

describe("readRestore", () => {
  it("reads backup_id from `key` when backup_id is missing, keeping key as it came", () => {
    const r = readRestore(DOCS_RUNNING);
    expect(r.backup_id).toBe(DOCS_RUNNING.key);
    expect(r.key).toBe(DOCS_RUNNING.key);
    expect(r.created_at).toBeUndefined();
  });

  it("prefers backup_id over key when both are sent", () => {
    expect(readRestore({ backup_id: "a:b:c", key: "x:y:z" }).backup_id).toBe("a:b:c");
  });

  it("does not mutate the API's object when filling backup_id", () => {
    const raw = { ...DOCS_RUNNING };
    readRestore(raw);
    expect(raw).not.toHaveProperty("backup_id");
  });

  it("reads an id as a whole number, and keeps any other as unusable_id, shown but never an id", () => {
    expect(readRestore({ id: 13 }).id).toBe(13);
    expect(readRestore({ id: "13" }).id).toBe(13);
    expect(readRestore({ id: "rst-abc" })).toEqual({ unusable_id: '"rst-abc"' });
    expect(readRestore({ id: 1.5 })).toEqual({ unusable_id: "1.5" });
    expect(readRestore({ id: "a\nFORGED" }).unusable_id).not.toContain("\n");
    // The name is the reader's: the API cannot set it, with or without an id.
    expect(readRestore({ id: 4, unusable_id: "evil" })).toEqual({ id: 4 });
    expect(readRestore({ unusable_id: "evil" })).toEqual({});
  });

  it("drops fields of an unusable kind and keeps unknown ones", () => {
    const r = readRestore({ id: { nested: 1 }, status: ["Running"], key: 7, extra: { a: 1 } });
    expect(r.id).toBeUndefined();
    expect(r.status).toBeUndefined();
    // A numeric key reads as a string, so it still names the backup.
    expect(r.backup_id).toBe("7");
    expect(r.extra).toEqual({ a: 1 });
  });

  it("makes an empty record of anything that is not an object", () => {
    for (const junk of [null, 3, "x", [1], undefined]) expect(readRestore(junk)).toEqual({});
  });
});

describe("readRestorePage", () => {
  it("reads the spec's paged object", () => {
    const page = readRestorePage({
      restores: [{ id: 1, backup_id: "k" }],
      restores_count: 31,
      pages_count: 4,
    });
    expect(page).toEqual({ items: [{ id: 1, backup_id: "k" }], total: 31, pages: 4 });
  });

  it("reads the docs' bare array as one page holding everything", () => {
    const page = readRestorePage([DOCS_RUNNING, { ...DOCS_RUNNING, id: 13, status: "Succeeded" }]);
    expect(page.items.map((r) => r.id)).toEqual([12, 13]);
    expect(page.items[1]?.backup_id).toBe(DOCS_RUNNING.key);
    expect(page).toMatchObject({ total: 2, pages: 1 });
  });

  it("drops junk entries and counts from the list when counts are missing or bad", () => {
    const page = readRestorePage({
      restores: [null, 5, "x", [], { id: 2 }],
      restores_count: "lots",
    });
    expect(page).toEqual({ items: [{ id: 2 }], total: 1, pages: 1 });
  });

  it("reads an empty or unusable body as no restores", () => {
    for (const body of [[], {}, null, "oops", { restores: null }, { restores: {} }]) {
      expect(readRestorePage(body)).toEqual({ items: [], total: 0, pages: 0 });
    }
  });
});

describe("readOneRestore", () => {
  it("reads an object, and the docs' array of one", () => {
    expect(readOneRestore({ id: 12, key: "k" }).backup_id).toBe("k");
    expect(readOneRestore([DOCS_RUNNING], 12).id).toBe(12);
  });

  it("picks the entry with the asked id from a longer array, never another restore", () => {
    const list = [
      { id: 1, status: "Succeeded" },
      { id: 2, status: "Running" },
      { id: 3, status: "Failed" },
    ];
    expect(readOneRestore(list, 2).id).toBe(2);
    expect(readOneRestore(list, 3).id).toBe(3);
    // An entry whose id is no whole number is not "an entry without an id".
    expect(readOneRestore([{ id: "x/y", status: "Failed" }, { id: 1 }], 9)).toEqual({});
    // Restore 9 is not in the answer: an old Succeeded #1 must not stand in for it.
    expect(readOneRestore(list, 9)).toEqual({});
    // An entry without an id may be the one asked for; with no id asked, the first is it.
    expect(readOneRestore([{ id: 1 }, { status: "Running" }], 9)).toEqual({ status: "Running" });
    expect(readOneRestore(list).id).toBe(1);
  });

  it("calls a restore finished exactly when its status reads succeeded or failed, unknown ones not", () => {
    for (const status of [
      "Succeeded",
      "completed",
      "Done",
      "Failed",
      "Error",
      "Cancelled",
      "Aborted",
    ])
      expect(isFinishedRestore({ status }), status).toBe(true);
    for (const status of ["Running", "In Progress", "Pending", "Scheduled", "", undefined, 42])
      expect(isFinishedRestore({ status }), String(status)).toBe(false);
  });

  it("gives an empty record for an empty or junk array", () => {
    expect(readOneRestore([], 1)).toEqual({});
    expect(readOneRestore([null, 4], 1)).toEqual({});
  });
});

describe("lookups", () => {
  it("read {services: [...]} or a bare array, dropping junk entries", () => {
    const one: RestoreTarget = { service_id: "dbaaa11111111", service_name: "a" };
    expect(readRestoreTargets({ services: [one, null, "x"] })).toEqual({ services: [one] });
    expect(readRestoreTargets([one])).toEqual({ services: [one] });
    expect(readRestoreTargets({ services: "none" })).toEqual({ services: [] });
    expect(readRestoreTargets(null)).toEqual({ services: [] });
  });

  it("keeps PITR windows in whichever time format came, coercing only the kinds", () => {
    const body = {
      services: [
        {
          service_id: "dbaaa11111111",
          start_time: "2026-11-20 02:10:00",
          end_time: "2026-11-29T20:00:00Z",
        },
        { service_id: 42, start_time: 1700000000 },
      ],
    };
    const expected: PitrSource[] = [
      {
        service_id: "dbaaa11111111",
        start_time: "2026-11-20 02:10:00",
        end_time: "2026-11-29T20:00:00Z",
      },
      { service_id: "42", start_time: "1700000000" },
    ];
    expect(readPitrSources(body).services).toEqual(expected);
  });
});
