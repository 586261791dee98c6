/**
 * An API whose service_id filter is ignored (or matches loosely) must never
 * make one service's records pass for another's: not in a list, not in a
 * preview, and above all not in a write outside --services.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { json, startFakeApi } from "../../helpers/fake-api.js";
import { connectClient, structured, textOf } from "../../helpers/harness.js";

const MINE = "dbmine0000001";
const OTHER = "dbother000001";
const KEY = "filter-key-0123456789";

const schedules = [
  { id: 1, service_id: MINE, type: "full", schedule: "0 2 * * *", suspended: false },
  { id: 2, service_id: OTHER, type: "full", schedule: "0 3 * * *", suspended: false },
];
const backups = [
  {
    id: "a1",
    service_id: MINE,
    service_name: "mine",
    type: "full",
    status: "Succeeded",
    start_time: "2026-11-20T10:00:00Z",
  },
  {
    id: "b1",
    service_id: OTHER,
    service_name: "payroll-prod",
    type: "full",
    status: "Succeeded",
    start_time: "2026-11-20T11:00:00Z",
  },
];

describe("the API's service_id filter is not trusted", () => {
  const writes: string[] = [];
  let fake: Awaited<ReturnType<typeof startFakeApi>>;
  beforeAll(async () => {
    // Answers every list with every service's records, whatever the filter says.
    fake = await startFakeApi((req, res) => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (req.method !== "GET") {
        writes.push(`${req.method} ${url.pathname}`);
        const id = Number(url.pathname.split("/").pop());
        return json(res, 200, { ...schedules.find((s) => s.id === id), suspended: true });
      }
      if (url.pathname.endsWith("/schedules"))
        return json(res, 200, { schedules, schedules_count: 2, pages_count: 1 });
      json(res, 200, { backups, backups_count: 2, pages_count: 1 });
    });
  });
  afterAll(() => fake.close());

  const scoped = () => connectClient(fake.url, KEY, { scope: [MINE] });
  const call = async (
    client: Awaited<ReturnType<typeof scoped>>["client"],
    name: string,
    args: Record<string, unknown>,
  ) => (await client.callTool({ name, arguments: args })) as CallToolResult;

  it("suspend_service_schedules previews and changes only the asked service's schedules", async () => {
    const { client, close } = await scoped();
    try {
      const args = { service_id: MINE, suspended: true };
      const preview = await call(client, "suspend_service_schedules", args);
      expect(structured(preview)).toMatchObject({
        service_id: MINE,
        to_change: [1],
        unchanged: [],
      });
      expect(textOf(preview)).not.toContain("#2 ");
      const token = (preview.structuredContent as { confirmation_token: string })
        .confirmation_token;
      writes.length = 0;
      const done = await call(client, "suspend_service_schedules", {
        ...args,
        confirmation_token: token,
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(structured(done)).toMatchObject({ changed: [1], unchanged: [] });
      expect(writes).toEqual(["PATCH /skybackup/v1/backups/schedules/1"]);
    } finally {
      await close();
    }
  });

  it("list_services under --services lists only the allowed services", async () => {
    const { client, close } = await scoped();
    try {
      const result = await call(client, "list_services", {});
      const { services, services_count } = structured<{
        services: { service_id: string }[];
        services_count: number;
      }>(result);
      expect(services.map((s) => s.service_id)).toEqual([MINE]);
      expect(services_count).toBe(1);
      for (const shown of [textOf(result), JSON.stringify(result.structuredContent)]) {
        expect(shown).not.toContain(OTHER);
        expect(shown).not.toContain("payroll-prod");
      }
    } finally {
      await close();
    }
  });

  it("list_services and the audit count a service's own schedules only", async () => {
    // Unscoped: both services are read, and each one's schedule list holds both schedules.
    const { client, close } = await connectClient(fake.url, KEY);
    try {
      const listed = structured<{
        services: { service_id: string; schedules?: { active: number; suspended: number } }[];
      }>(await call(client, "list_services", {}));
      expect(listed.services.map((s) => [s.service_id, s.schedules])).toEqual([
        [OTHER, { active: 1, suspended: 0 }],
        [MINE, { active: 1, suspended: 0 }],
      ]);
      const audit = structured<{
        services: { service_id: string; schedules?: { count: number; suspended: number } }[];
      }>(await call(client, "audit_backups", {}));
      const counts = Object.fromEntries(
        audit.services.map((s) => [s.service_id, s.schedules?.count]),
      );
      expect(counts).toEqual({ [MINE]: 1, [OTHER]: 1 });
    } finally {
      await close();
    }
  });

  it("lists of one service never show another's records", async () => {
    const { client, close } = await scoped();
    try {
      // Each list shows this service's one record, counts it alone, and claims no cut.
      const schedule = {
        schedules: [{ id: 1, service_id: MINE, type: "full" }],
        schedules_count: 1,
        pages_count: 1,
      };
      const backup = {
        backups: [{ id: "a1", service_id: MINE, type: "full" }],
        backups_count: 1,
        pages_count: 1,
      };
      const lists: [CallToolResult, Record<string, unknown>][] = [
        [await call(client, "list_backup_schedules", { service_id: MINE }), schedule],
        [
          await call(client, "list_backup_schedules", { service_id: MINE, all_pages: true }),
          { ...schedule, returned: 1, truncated: false },
        ],
        [await call(client, "list_backups", { page_size: 5 }), backup],
        [await call(client, "list_backups", { service_id: MINE }), backup],
      ];
      for (const [i, [result, expected]] of lists.entries()) {
        const text = textOf(result);
        expect(result.isError, text).toBeFalsy();
        expect(structured(result), `list ${i}`).toMatchObject(expected);
        expect(text).not.toContain(OTHER);
        expect(JSON.stringify(result.structuredContent)).not.toContain(OTHER);
      }
    } finally {
      await close();
    }
  });

  it("a mistyped id is unknown even when the API answers with other services' rows", async () => {
    const { client, close } = await connectClient(fake.url, KEY);
    try {
      const result = await call(client, "list_backup_schedules", { service_id: "dbtypo0000001" });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no backups or schedules are known for dbtypo0000001");
    } finally {
      await close();
    }
  });
});
