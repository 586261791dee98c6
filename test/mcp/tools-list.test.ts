import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

// Any change to a tool's name, description, schema or annotations shows up in review.
it("tools/list matches the committed snapshot", async () => {
  const { tools } = await h.client.listTools();
  await expect(JSON.stringify(tools, null, 2) + "\n").toMatchFileSnapshot(
    "../__snapshots__/tools-list.json",
  );
});

it("every tool sets all four annotation hints and has an output schema", async () => {
  const { tools } = await h.client.listTools();
  for (const tool of tools) {
    const hints = tool.annotations ?? {};
    for (const hint of [
      "readOnlyHint",
      "destructiveHint",
      "idempotentHint",
      "openWorldHint",
    ] as const) {
      expect(typeof hints[hint], `${tool.name}.${hint}`).toBe("boolean");
    }
    expect(tool.outputSchema?.type, tool.name).toBe("object");
    expect(tool.title, tool.name).toBeTruthy();
  }
});
