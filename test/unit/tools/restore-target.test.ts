/**
 * What create_restore reads of its target decides whether it may erase it.
 * The API documents no restore statuses and no default order, so the reading
 * must fail closed and not depend on the order the API happens to use.
 */
import { describe, expect, it } from "vitest";
import type { Restore } from "../../../src/api/records.js";
import type { ToolContext } from "../../../src/tools/define.js";
import { readTarget } from "../../../src/tools/restores/create-restore.js";

const TARGET = "dbgsr10358824";

function contextWith(restores: Restore[], count = restores.length) {
  const asked: Record<string, unknown>[] = [];
  const api = {
    listBackups: () =>
      Promise.resolve({
        items: [{ id: "b1", service_id: TARGET, service_name: "scratch", cloud_provider: "gcp" }],
        total: 1,
        pages: 1,
      }),
    listRestores: (query: Record<string, unknown>) => {
      asked.push(query);
      return Promise.resolve({ items: restores, total: count, pages: 1 });
    },
  };
  const ctx = { api, signal: new AbortController().signal } as unknown as ToolContext;
  return { ctx, asked };
}

const restore = (id: number, status: string, created: string): Restore => ({
  id,
  service_id: TARGET,
  status,
  created_at: created,
});

describe("readTarget", () => {
  it.each(["Scheduled", "Pending", "Restoring", "Created", "whatever-new"])(
    "treats a restore in status %s as still changing the target",
    async (status) => {
      const { ctx } = contextWith([restore(7, status, "2026-11-29T10:00:00Z")]);
      expect((await readTarget(TARGET, ctx)).running).toEqual({ id: 7, status });
    },
  );

  it("stays quiet when every restore has finished, in any spelling", async () => {
    const { ctx } = contextWith([
      restore(3, "Succeeded", "2026-11-29T10:00:00Z"),
      restore(2, "FAILED", "2026-11-28T10:00:00Z"),
      restore(1, "Cancelled", "2026-11-27T10:00:00Z"),
    ]);
    expect((await readTarget(TARGET, ctx)).running).toBeUndefined();
  });

  it("asks for newest first and sorts anyway, counting every restore the API has", async () => {
    const oldestFirst = [
      restore(1, "Succeeded", "2026-11-01T10:00:00Z"),
      restore(2, "Succeeded", "2026-11-02T10:00:00Z"),
      restore(3, "Running", "2026-11-29T10:00:00Z"),
    ];
    const { ctx, asked } = contextWith(oldestFirst, 42);
    const target = await readTarget(TARGET, ctx);
    expect(asked[0]).toMatchObject({ service_id: TARGET, order: "desc" });
    expect(target.restores.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(target.running).toEqual({ id: 3, status: "Running" });
    expect(target.restoreCount).toBe(42);
  });
});
