/**
 * Every key a tool puts in structuredContent is in its outputSchema, at every
 * depth (objects, and each item of an array): a client that generates types
 * or validates against tools/list sees every field it will be sent. Each tool
 * is called through MCP in each form it answers in: a read once, a change as
 * its preview (token, expiry) and then its result.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect } from "vitest";
import { SCENARIOS } from "../helpers/emulator.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { freshHarnessTest as it } from "../helpers/fixtures.js";
import { structured, type Harness } from "../helpers/harness.js";
import { addRunning } from "../helpers/restores.js";
import { BINLOG_HOUR } from "./tools/create-restore-helpers.js";

type Schema = Record<string, unknown>;
const SOURCE = SCENARIOS.healthy;
const TARGET = SCENARIOS.restoreTarget;

/** A backup record's fields as both backup lists send them. */
const BACKUP_FIELDS = [
  "backups[].service_id",
  "backups[].service_name",
  "backups[].type",
  "backups[].method",
  "backups[].server_pod",
  "backups[].backup_size",
  "backups[].storage_bytes",
  "backups[].disk_size",
  "backups[].disk_size_bytes",
  "backups[].reference_full_backup",
  "backups[].point_in_time",
  "backups[].start_time",
  "backups[].end_time",
  "backups[].cloud_provider",
  "backups[].is_external_storage",
  "backups[].binlog_file",
  "backups[].binlog_position",
  "backups[].binlog_gtid_position",
];

/** A schedule record's fields as every schedule tool sends them. */
const SCHEDULE_FIELDS = [
  "service_id",
  "service_name",
  "cloud_provider",
  "status",
  "message",
  "created_at",
  "updated_at",
  "labels",
  "schedule_description",
  "next_runs",
];

/**
 * Keys still sent undeclared, per tool: declaring them all would take
 * tools/list past its budget (bench/tokens.ts, 300 tokens per tool on
 * average), so they are listed here until each is declared or no longer
 * sent. The list only shrinks: a key missing from it fails, and so does an
 * entry the tool now declares or no longer sends.
 */
const PENDING: Readonly<Record<string, readonly string[]>> = {
  list_services: [
    "services[].service_name",
    "services[].cloud_provider",
    "services[].backups_count",
    "services[].last_backup_time",
    "services[].last_success",
    "services[].last_restorable",
    "services[].schedules",
    "backups_scanned",
    "truncated",
  ],
  list_backups: [...BACKUP_FIELDS, "page", "page_size", "returned", "truncated"],
  list_service_backups: [...BACKUP_FIELDS],
  list_backup_schedules: [
    ...SCHEDULE_FIELDS.map((field) => `schedules[].${field}`),
    "page",
    "page_size",
  ],
  create_backup_schedule: [...SCHEDULE_FIELDS],
  get_backup_schedule: [...SCHEDULE_FIELDS],
  update_backup_schedule: ["current", "changes", ...SCHEDULE_FIELDS, "changed"],
  suspend_service_schedules: ["suspended", "to_change", "unchanged", "warnings", "resume_with"],
  delete_backup_schedule: ["current", "service_id"],
  audit_backups: [
    "generated_at",
    "max_age_hours",
    "lookback_days",
    "max_full_age_days",
    "restore_drill_days",
    "restore_drill_required",
    "suspect_shrink_percent",
    "growth_factor",
    "counts",
    "findings[].count",
    "findings[].since",
    "findings[].breaks_at",
    "findings[].from",
    "findings[].to",
    "findings[].figures",
    "findings[].schedule_ids",
    "services[].service_name",
    "services[].status",
    "services[].controls",
    "services[].backups_total",
    "services[].last_success",
    "services[].last_restorable",
    "services[].window",
    "services[].schedules",
  ],
  plan_restore: [
    "latest",
    "chain[].type",
    "chain[].point_in_time",
    "latest_age_hours",
    "backups_scanned",
    "target.service_id",
    "target.service_name",
    "target.is_source",
    "target.eligible",
    "target.running_restores",
    "target.effects",
    "target.ready",
  ],
  list_restores: ["pages_count"],
  get_restore: ["timing", "duration_ms"],
  cancel_restore: ["restore", "service_id"],
  create_restore: ["target_service_name", "onto_itself", "source", "eligible", "target_restores"],
};

/** The paths of keys in `value` that `schema` does not declare ("restores[].status"). */
function undeclaredKeys(value: unknown, schema: Schema | undefined, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  const variants = [schema ?? {}, ...(((schema?.anyOf ?? schema?.oneOf) as Schema[]) ?? [])];
  if (Array.isArray(value)) {
    const items = variants.map((v) => v.items as Schema | undefined).find(Boolean);
    return value.flatMap((item) => undeclaredKeys(item, items, `${path}[]`));
  }
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = variants
      .map((v) => (v.properties as Record<string, Schema> | undefined)?.[key])
      .find(Boolean);
    const where = path === "" ? key : `${path}.${key}`;
    if (declared === undefined) found.push(where);
    else found.push(...undeclaredKeys(child, declared, where));
  }
  return found;
}

interface Call {
  readonly tool: string;
  readonly form: string;
  readonly result: CallToolResult;
}

async function callEveryForm(h: Harness): Promise<Call[]> {
  const calls: Call[] = [];
  const call = async (tool: string, form: string, args: Record<string, unknown>) => {
    const result = await h.call(tool, args);
    expect(result.isError, `${tool} (${form}): ${JSON.stringify(result.content)}`).toBeFalsy();
    calls.push({ tool, form, result });
    return structured(result);
  };
  /** The preview, then the same call with its token. */
  const confirmed = async (tool: string, args: Record<string, unknown>) => {
    const preview = await call(tool, "preview", args);
    expect(preview.confirmation_required, `${tool} previews`).toBe(true);
    return call(tool, "result", { ...args, confirmation_token: preview.confirmation_token });
  };

  await call("list_services", "read", {});
  await call("list_backups", "read", { page_size: 5 });
  await call("list_backups", "all pages", { service_id: SOURCE, all_pages: true, max_items: 5 });
  await call("list_service_backups", "read", { service_id: SOURCE, page_size: 5 });
  await call("list_backup_schedules", "read", { service_id: SOURCE });
  const created = await call("create_backup_schedule", "result", {
    service_id: SOURCE,
    backup_type: "full",
    schedule: "17 4 * * 3",
  });
  const id = created.id;
  await call("get_backup_schedule", "read", { id });
  await confirmed("update_backup_schedule", { id, schedule: "19 4 * * 3" });
  await call("update_backup_schedule", "unchanged", { id, schedule: "19 4 * * 3" });
  await confirmed("suspend_service_schedules", { service_id: SOURCE, suspended: true });
  await confirmed("suspend_service_schedules", { service_id: SOURCE, suspended: false });
  await confirmed("delete_backup_schedule", { id });
  await call("audit_backups", "read", {});
  await call("plan_restore", "read", { service_id: SOURCE, target_time: "latest" });
  await call("plan_restore", "with target", {
    service_id: SOURCE,
    target_time: "latest",
    target_service_id: TARGET,
  });
  const running = addRunning(h, TARGET, 5, 60);
  await call("list_restores", "read", { service_id: TARGET });
  await call("get_restore", "running", { id: running });
  await confirmed("cancel_restore", { id: running });
  await call("get_restore", "finished", { id: running });
  await confirmed("create_restore", {
    source_service_id: SOURCE,
    target_time: "latest",
    target_service_id: TARGET,
  });
  return calls;
}

describe("outputSchema declares every key of structuredContent", () => {
  it("for every tool, in each form it answers in", async ({ freshHarness }) => {
    const h = await freshHarness({ now: () => BINLOG_HOUR });
    const { tools } = await h.client.listTools();
    const schemaOf = new Map(tools.map((tool: Tool) => [tool.name, tool.outputSchema]));
    const calls = await callEveryForm(h);
    expect(new Set(calls.map((c) => c.tool))).toEqual(new Set(ALL_TOOLS.map((t) => t.name)));
    const undeclared = new Map<string, Set<string>>();
    for (const { tool, result } of calls) {
      const paths = undeclared.get(tool) ?? new Set<string>();
      for (const path of undeclaredKeys(result.structuredContent, schemaOf.get(tool)))
        paths.add(path);
      undeclared.set(tool, paths);
    }
    const unlisted = [...undeclared].flatMap(([tool, paths]) =>
      [...paths].filter((p) => !(PENDING[tool] ?? []).includes(p)).map((p) => `${tool}: ${p}`),
    );
    expect(unlisted, "sent but not in the outputSchema").toEqual([]);
    const stale = Object.entries(PENDING).flatMap(([tool, paths]) =>
      paths.filter((p) => !undeclared.get(tool)?.has(p)).map((p) => `${tool}: ${p}`),
    );
    expect(stale, "declared (or no longer sent) now: remove from PENDING").toEqual([]);
  });
});
