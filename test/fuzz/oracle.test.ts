/**
 * The fuzz's own parts can fail: the oracle gives the documented verdicts on
 * hand-picked inputs, and every check rejects a call record that breaks it.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { TEST_KEY } from "../helpers/harness.js";
import fc from "fast-check";
import { argsArb, judge, type Args } from "./tool-args.js";
import { checkOutcome, checkRequests, type CallRecord } from "./call-checks.js";
import { cronVerdict } from "./cron-oracle.js";
import { publishedSchema, specFor } from "./tool-spec.js";
import type { World } from "./field-kinds.js";
import { targetTimeProblems } from "./service-ids-and-target-time-kinds.js";
import { toolTable } from "./tool-table.js";

const world: World = {
  services: ["dbtgf28216706"],
  scheduleIds: [101],
  credentialsFile: "/nonexistent/credentials.json",
  directory: "/nonexistent",
};
const spec = (name: string) => specFor(name, publishedSchema(name), toolTable(world), world);
const verdict = (name: string, args: Args) => judge(spec(name), args).verdict;

describe("the oracle", () => {
  it.each([
    ["list_service_backups", { service_id: "dbtgf28216706" }, "valid"],
    ["list_service_backups", { service_id: "schedules" }, "invalid"],
    ["list_service_backups", { service_id: "db/x12345678" }, "invalid"],
    ["list_service_backups", {}, "invalid"],
    ["list_service_backups", Object.fromEntries([["constructor", 1]]), "invalid"],
    ["list_backups", JSON.parse('{"__proto__": {"page": 0}}') as Args, "valid"],
    ["list_backups", { page: 1.5 }, "invalid"],
    ["list_backups", { page_size: 1001 }, "invalid"],
    ["update_backup_schedule", { id: 5 }, "invalid"],
    // Fields the table never names are judged from the published schema: a range, an enum.
    ["audit_backups", { growth_factor: 1 }, "invalid"],
    ["audit_backups", { growth_factor: 2 }, "valid"],
    ["list_backups", { type: "full", all_pages: true }, "valid"],
    ["list_backups", { type: "Full" }, "invalid"],
    // page's bound is a refinement the schema leaves out: the name carries it.
    ["list_backups", { page: 1_000_001 }, "invalid"],
    ["update_backup_schedule", { id: 5, suspended: true }, "valid"],
    [
      "create_backup_schedule",
      { service_id: "abc", backup_type: "full", schedule: "@daily" },
      "invalid",
    ],
    [
      "create_backup_schedule",
      {
        service_id: "abc",
        backup_type: "full",
        schedule: "once",
        external_storage: { bucket_path: "gs://bkt", credentials: "x", credentials_file: "/etc" },
      },
      "invalid",
    ],
  ] as const)("%s %j is %s", (name, args, expected) => {
    expect(verdict(name, args)).toBe(expected);
  });

  it.each([
    ["0 2 * * *", "valid"],
    ["30 */6 * * 1-5", "valid"],
    ["0 2 * * 7", "valid"],
    ["60 2 * * *", "invalid"],
    ["0 2 * *", "invalid"],
    ["0 2 ? * *", "invalid"],
    ["0 2 * * *\n", "unknown"],
    ["5/10 * * * *", "unknown"],
  ] as const)("cron %j is %s", (cron, expected) => {
    expect(cronVerdict(cron)).toBe(expected);
  });

  it("judges target times against the clock", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(targetTimeProblems("2025-12-31T00:00:00Z", "t", now)).toEqual([]);
    expect(targetTimeProblems("2025-12-31 00:00:00", "t", now)).toEqual([]);
    expect(targetTimeProblems("2027-01-01T00:00:00Z", "t", now)[0]?.verdict).toBe("invalid");
    expect(targetTimeProblems("2025-02-29T00:00:00Z", "t", now)[0]?.verdict).toBe("invalid");
    expect(targetTimeProblems("2025-12-31T00:00:00+99:99", "t", now)[0]?.verdict).toBe("invalid");
    expect(targetTimeProblems("2025-12-31T00:00", "t", now)[0]?.verdict).toBe("unknown");
    expect(targetTimeProblems("2025-12-31T00:00:00.123Z", "t", now)).toEqual([]);
    expect(targetTimeProblems("2025-12-31", "t", now)).toEqual([]);
    expect(targetTimeProblems("2026-01-02", "t", now)[0]?.verdict).toBe("invalid");
    expect(targetTimeProblems("2025-02-29", "t", now)[0]?.verdict).toBe("invalid");
    expect(targetTimeProblems("-2h", "t", now)).toEqual([]);
    expect(targetTimeProblems("+2h", "t", now)[0]?.verdict).toBe("invalid");
  });
});

describe("create_backup_schedule's cron rules", () => {
  const create = (schedule: string, storage?: object) => ({
    service_id: "dbtgf28216706",
    backup_type: "full",
    schedule,
    ...(storage && { external_storage: storage }),
  });
  const judged = (args: Args) => judge(spec("create_backup_schedule"), args);

  it("take an overlapping list as valid, and refuse six fields and a bad storage", () => {
    expect(judged({ ...create("*/15,30 * * * *"), allow_frequent: true })).toEqual({
      verdict: "valid",
      mentions: [],
    });
    expect(judged(create("0,0 * * * * *")).verdict).toBe("invalid");
    const both = judged(create("0,0 * * * *", { bucket_path: "gs://bkt", credentials_file: "/" }));
    expect(both.verdict).toBe("invalid");
  });

  it("a full more than hourly needs allow_frequent; hourly, or a binlog, does not", () => {
    expect(verdict("create_backup_schedule", create("*/15,30 * * * *"))).toBe("invalid");
    expect(verdict("create_backup_schedule", create("0,59 2 * * *"))).toBe("invalid");
    expect(verdict("create_backup_schedule", create("5 * * * *"))).toBe("valid");
    const binlog = { ...create("*/5 * * * *"), backup_type: "binarylog" };
    expect(verdict("create_backup_schedule", binlog)).toBe("valid");
  });

  it("bucket paths are gs:// or s3:// with a bucket, and credentials are GCP or AWS", () => {
    for (const bucket_path of ["ftp://b/x", "b/x", "gs:///x", "s3://", "s3://b/x", "gs://bkt/../x"])
      expect(verdict("create_backup_schedule", create("0 2 * * *", { bucket_path }))).toBe(
        "invalid",
      );
    expect(
      verdict("create_backup_schedule", create("0 2 * * *", { bucket_path: "s3://bkt/x" })),
    ).toBe("valid");
    const aws = "[default]\naws_access_key_id = AKIAX\naws_secret_access_key = s3cr3t\n";
    const onGcs = create("0 2 * * *", { bucket_path: "gs://bkt", credentials: aws });
    expect(verdict("create_backup_schedule", onGcs)).toBe("invalid");
    const onS3 = create("0 2 * * *", { bucket_path: "s3://bkt", credentials: aws });
    expect(verdict("create_backup_schedule", onS3)).toBe("valid");
    const badKey = create("0 2 * * *", { bucket_path: "gs://bkt", credentials: "hello" });
    expect(verdict("create_backup_schedule", badKey)).toBe("invalid");
  });
});

describe("the checks reject a call that breaks a property", () => {
  const ok: CallToolResult = { content: [{ type: "text", text: "Backups 1-1 of 1" }] };
  const refused = (text: string): CallToolResult => ({
    isError: true,
    content: [{ type: "text", text }],
  });
  const get = (path: string, query = "") => ({ method: "GET", path, query, status: 200 });
  const headers = { host: "x", "x-api-key": TEST_KEY };
  const record = (over: Partial<CallRecord>): CallRecord => {
    const sent = over.sent ?? [];
    const wire = sent.map((r) => ({
      method: r.method,
      url: r.path + (r.query ? `?${r.query}` : ""),
      headers,
      body: "",
    }));
    return { spec: spec("list_backups"), args: {}, result: ok, sent, wire, ...over };
  };

  it.each([
    ["an invalid input accepted", record({}), "invalid"],
    [
      "an invalid input sent upstream",
      record({ result: refused("page"), sent: [get("/skybackup/v1/backups")] }),
      "invalid",
    ],
    ["a refusal that names nothing", record({ result: refused("no") }), "invalid"],
    [
      "an internal error",
      record({ result: refused("list_backups failed unexpectedly: x") }),
      "valid",
    ],
    [
      "a valid input refused by the schema",
      record({ result: refused("Input validation error: page") }),
      "valid",
    ],
    [
      "a valid input the API refuses",
      record({
        result: refused("list_backups failed: GET /skybackup/v1/backups -> 400 Bad Request: x"),
      }),
      "valid",
    ],
  ] as const)("checkOutcome: %s", (_what, call, v) => {
    expect(() => checkOutcome(call, { verdict: v, mentions: ["page"] })).toThrow();
  });

  it.each([
    ["a path outside the API", [get("/skybackup/v1/other")], {}],
    ["an extra path segment", [get("/skybackup/v1/backups/db1/x")], {}],
    [
      "a service id that is not the one given",
      [get("/skybackup/v1/backups/dbother")],
      { service_id: "db1" },
    ],
    [
      "a query value that does not round-trip",
      [get("/skybackup/v1/backups", "page=3")],
      { page: 2 },
    ],
    ["an injected query key", [get("/skybackup/v1/backups", "status=Failed&x=1")], {}],
    ["a repeated query key", [get("/skybackup/v1/backups", "page=1&page=2")], {}],
    ["a raw space in the query", [get("/skybackup/v1/backups", "status=a b")], {}],
  ] as const)("checkRequests: %s", (_what, sent, args) => {
    expect(() => checkRequests(record({ sent: [...sent], args }))).toThrow();
  });

  it("checkRequests: an unexpected header", () => {
    const call = record({ sent: [get("/skybackup/v1/backups")] });
    const wire = call.wire.map((w) => ({ ...w, headers: { ...headers, "x-injected": "1" } }));
    expect(() => checkRequests({ ...call, wire })).toThrow();
    expect(() => checkRequests(call)).not.toThrow();
  });
});

describe("a field only a schema describes", () => {
  // A tool of tomorrow: an unbounded integer and a positive() one (exclusiveMinimum 0).
  const schema = {
    type: "object",
    properties: {
      count: { type: "integer" },
      limit: { type: "integer", exclusiveMinimum: 0, maximum: 10 },
    },
    required: ["limit"],
    additionalProperties: false,
  };
  const tomorrow = specFor("tomorrow", schema, toolTable(world), world);

  it("is judged exactly from its bounds, exclusive ones included", () => {
    expect(judge(tomorrow, { limit: 1 }).verdict).toBe("valid");
    expect(judge(tomorrow, { limit: 0 }).verdict).toBe("invalid");
    expect(judge(tomorrow, { limit: 11 }).verdict).toBe("invalid");
    expect(judge(tomorrow, { limit: 5, count: -5 }).verdict).toBe("valid");
    expect(judge(tomorrow, { limit: 5, count: 2 ** 53 }).verdict).toBe("invalid");
    expect(judge(tomorrow, {}).verdict).toBe("invalid");
  });

  it("gets generators even where the schema sets no bound", () => {
    expect(fc.sample(argsArb(tomorrow), { numRuns: 50, seed: 1 })).toHaveLength(50);
  });
});
