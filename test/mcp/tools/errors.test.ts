import { closedPort } from "../../helpers/net.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../helpers/emulator.js";
import { connectClient, TEST_KEY, textOf } from "../../helpers/harness.js";

describe("errors every tool reports", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
  });
  afterAll(() => emulator.close());

  const calls: Array<[string, Record<string, unknown>]> = [
    ["list_backups", {}],
    ["list_service_backups", { service_id: "dbabc12345678" }],
    ["list_backup_schedules", { service_id: "dbabc12345678" }],
    ["get_backup_schedule", { id: 1 }],
    [
      "create_backup_schedule",
      { service_id: "dbabc12345678", backup_type: "full", schedule: "0 2 * * *" },
    ],
    ["update_backup_schedule", { id: 1, suspended: true }],
    ["delete_backup_schedule", { id: 1 }],
  ];

  it.each(calls)(
    "%s: a rejected key gives 401 with how to fix it, never the key",
    async (name, args) => {
      const wrongKey = "wrong-key-0123456789abcdef";
      const { client, close } = await connectClient(emulator.url, wrongKey);
      try {
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError).toBe(true);
        const text = textOf(result as CallToolResult);
        expect(text).toContain("401 Unauthorized");
        expect(text).toContain("SKYSQL_API_KEY");
        expect(text).not.toContain(wrongKey);
      } finally {
        await close();
      }
    },
  );

  it.each(calls)(
    "%s: a refused connection says where it tried and what to check",
    async (name, args) => {
      const port = await closedPort();
      const { client, close } = await connectClient(`http://127.0.0.1:${port}`, TEST_KEY);
      try {
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError).toBe(true);
        const text = textOf(result as CallToolResult);
        expect(text).toContain(`could not reach http://127.0.0.1:${port}`);
        expect(text).toContain("ECONNREFUSED");
        expect(text).toContain("SKYSQL_API_URL");
      } finally {
        await close();
      }
    },
  );
});
