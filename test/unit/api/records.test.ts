import { describe, expect, it } from "vitest";
import { belongsTo, readBackupPage } from "../../../src/api/records.js";

describe("belongsTo: the API's service_id filter is not trusted", () => {
  it("keeps a record naming the service or none, and drops one naming another", () => {
    const id = "dbabc12345678";
    expect(belongsTo({ service_id: id }, id)).toBe(true);
    expect(belongsTo({}, id)).toBe(true);
    // "" is how the API says "none", as on backups: it names no other service.
    expect(belongsTo({ service_id: "" }, id)).toBe(true);
    expect(belongsTo({ service_id: "dbother000001" }, id)).toBe(false);
    expect(belongsTo({ service_id: 7 }, id)).toBe(false);
  });
});

describe("numbers read from the API", () => {
  it("a string of digits too long for a finite number is no number", () => {
    const huge = "9".repeat(400);
    const page = readBackupPage({
      backups: [{ id: "a", backup_size: huge, storage_bytes: "1024" }],
      backups_count: huge,
      pages_count: "1",
    });
    expect(page).toEqual({ items: [{ id: "a", storage_bytes: 1024 }], total: 1, pages: 1 });
  });
});
