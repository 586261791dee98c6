/** The fuzz oracle for create_restore gives the documented verdict on hand-picked inputs. */
import { describe, expect, it } from "vitest";
import { judge, type Args } from "./tool-args.js";
import type { World } from "./field-kinds.js";
import { publishedSchema, specFor } from "./tool-spec.js";
import { toolTable } from "./tool-table.js";

const world: World = {
  services: ["dbtgf28216706"],
  scheduleIds: [101],
  credentialsFile: "/nonexistent/credentials.json",
  directory: "/nonexistent",
};
const verdict = (args: Args) =>
  judge(specFor("create_restore", publishedSchema("create_restore"), toolTable(world), world), args)
    .verdict;

const T = "dbgsr10358824";
const S = "dbtgf28216706";
const EXT = { bucket: "gs://b/x", method: "mysqldump", file: "f.sql" };

describe("the create_restore oracle", () => {
  it.each([
    [{ target_service_id: T, source_service_id: S, backup_id: "abc:1" }, "valid"],
    [{ target_service_id: T, source_service_id: S, target_time: "latest" }, "valid"],
    [{ target_service_id: T, external: EXT }, "valid"],
    [
      { target_service_id: S, source_service_id: S, target_time: "-1h", overwrite_source: true },
      "valid",
    ],
    [{ target_service_id: T, source_service_id: S }, "invalid"],
    [
      { target_service_id: T, source_service_id: S, backup_id: "a", target_time: "latest" },
      "invalid",
    ],
    [{ target_service_id: T, backup_id: "a" }, "invalid"],
    [{ target_service_id: T, source_service_id: S, external: EXT }, "invalid"],
    [{ target_service_id: S, source_service_id: S, target_time: "latest" }, "invalid"],
    [
      { target_service_id: T, source_service_id: S, target_time: "latest", overwrite_source: true },
      "invalid",
    ],
    [{ target_service_id: T, source_service_id: S, backup_id: "a/b" }, "invalid"],
    [{ target_service_id: T, external: { ...EXT, bucket: "ftp://b/" } }, "invalid"],
    [{ target_service_id: T, external: { ...EXT, method: "xtrabackup" } }, "invalid"],
    [
      { target_service_id: T, external: { ...EXT, credentials: "x", credentials_file: "/f" } },
      "invalid",
    ],
    [{ target_service_id: T, external: { ...EXT, path: "x" } }, "invalid"],
    [{ source_service_id: S, target_time: "latest" }, "invalid"],
  ] as const)("%j is %s", (args, expected) => {
    expect(verdict(args as Args)).toBe(expected);
  });
});
