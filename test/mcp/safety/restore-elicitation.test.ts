/**
 * A client that can ask its user (elicitation): create_restore asks with the
 * preview's words, and runs only on a yes, whatever the --confirm mode.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { BackupsApi } from "../../../src/api/client.js";
import type { ConfirmMode } from "../../../src/config/config.js";
import { SCENARIOS, startEmulator, type RunningEmulator } from "../../helpers/emulator.js";
import { createServer } from "../../../src/mcp/server.js";
import { structured, TEST_KEY, textOf } from "../../helpers/harness.js";
import { atBinlogHour } from "../tools/create-restore-helpers.js";

const ARGS = {
  source_service_id: SCENARIOS.healthy,
  target_time: "latest",
  target_service_id: SCENARIOS.restoreTarget,
};

describe("create_restore asks the user when the client can", () => {
  let emulator: RunningEmulator | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()?.();
    await emulator?.close();
  });

  async function callAnswering(
    confirm: ConfirmMode,
    answer: { action: "accept" | "decline"; content?: { confirm: boolean } },
  ) {
    emulator = await startEmulator({ apiKey: TEST_KEY, ...atBinlogHour });
    const api = new BackupsApi({
      baseUrl: emulator.url,
      apiKey: TEST_KEY,
      timeoutMs: 5000,
      userAgent: "t",
    });
    const server = createServer({ api, confirm, ...atBinlogHour });
    const client = new Client(
      { name: "elicit", version: "1" },
      { capabilities: { elicitation: {} } },
    );
    const asked: string[] = [];
    const forms: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      forms.push("requestedSchema" in request.params ? request.params.requestedSchema : undefined);
      return answer;
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    closers.push(
      () => api.close(),
      () => server.close(),
      () => client.close(),
    );
    const result = (await client.callTool({
      name: "create_restore",
      arguments: ARGS,
    })) as CallToolResult;
    const posts = emulator.requests.filter(
      (r) => r.method === "POST" && r.path === "/skybackup/v1/restores",
    );
    return { result, asked, forms, posts };
  }

  it.for(["always", "never"] as const)(
    "--confirm %s: a yes runs it, after the user read the preview",
    async (mode) => {
      const { result, asked, posts } = await callAnswering(mode, {
        action: "accept",
        content: { confirm: true },
      });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(
        /^Restore "orders-prod" .* into "scratch-restore" \(dbgsr10358824\): ALL DATA IN/,
      );
      expect(asked[0]).toContain("is stopped");
      expect(structured(result)).toMatchObject({ created: true, status: "Running" });
      expect(posts).toHaveLength(1);
    },
  );

  it("says the preview once: in the message, while the confirm field only asks", async () => {
    const { asked, forms } = await callAnswering("always", { action: "decline" });
    expect(forms).toHaveLength(1);
    const form = forms[0] as {
      properties: { confirm: { type: string; title: string; description: string } };
      required: string[];
    };
    expect(form.required).toEqual(["confirm"]);
    expect(form.properties.confirm.type).toBe("boolean");
    const { description } = form.properties.confirm;
    expect(description.length).toBeLessThan(80);
    expect(description).not.toContain("orders-prod");
    expect(description).not.toContain("ALL DATA");
    expect(asked[0]).toContain("ALL DATA IN");
  });

  it.for(["always", "never"] as const)("--confirm %s: a no changes nothing", async (mode) => {
    const { result, asked, posts } = await callAnswering(mode, { action: "decline" });
    expect(asked).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("The user did not confirm");
    expect(posts).toHaveLength(0);
  });
});
