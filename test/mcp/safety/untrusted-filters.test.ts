/**
 * An API whose service_id filter is ignored (or matches loosely) must never
 * make one service's records pass for another's: not in a list, not in a
 * preview, and above all not in a write outside --services.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { json, startFakeApi } from "../../helpers/fake-api.js";
import { connectClient, textOf } from "../../helpers/harness.js";

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
      expect(textOf(preview)).toContain("#1 ");
      expect(textOf(preview)).not.toContain("#2 ");
      const token = (preview.structuredContent as { confirmation_token: string })
        .confirmation_token;
      writes.length = 0;
      const done = await call(client, "suspend_service_schedules", {
        ...args,
        confirmation_token: token,
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(writes).toEqual(["PATCH /skybackup/v1/backups/schedules/1"]);
    } finally {
      await close();
    }
  });

  it("list_services under --services lists only the allowed services", async () => {
    const { client, close } = await scoped();
    try {
      const result = await call(client, "list_services", {});
      expect(textOf(result)).toContain(MINE);
      expect(textOf(result)).not.toContain(OTHER);
      expect(textOf(result)).not.toContain("payroll-prod");
    } finally {
      await close();
    }
  });

  it("lists of one service never show another's records", async () => {
    const { client, close } = await scoped();
    try {
      // Each list shows this service's one record, counts it alone, and claims no cut.
      const lists = [
        await call(client, "list_backup_schedules", { service_id: MINE }),
        await call(client, "list_backup_schedules", { service_id: MINE, all_pages: true }),
        await call(client, "list_backups", { page_size: 5 }),
        await call(client, "list_backups", { service_id: MINE }),
      ];
      for (const [i, result] of lists.entries()) {
        const text = textOf(result);
        expect(result.isError, text).toBeFalsy();
        expect(text).not.toContain(OTHER);
        expect(text.split("\n")[0], `list ${i}`).toContain("showing 1 of 1");
        expect(text).not.toContain("Truncated");
        expect(text).toMatch(i < 2 ? /#1 full/ : /id=a1/);
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
