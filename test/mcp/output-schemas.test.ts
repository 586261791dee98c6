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
    // A map (labels, counts by status) declares every key: propertyNames, and its values' schema.
    const declared = variants
      .map(
        (v) =>
          (v.properties as Record<string, Schema> | undefined)?.[key] ??
          (v.propertyNames === undefined ? undefined : ((v.additionalProperties ?? {}) as Schema)),
      )
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
    const sentUndeclared = [...undeclared].flatMap(([tool, paths]) =>
      [...paths].map((p) => `${tool}: ${p}`),
    );
    expect(sentUndeclared, "sent but not in the outputSchema").toEqual([]);
  });
});
