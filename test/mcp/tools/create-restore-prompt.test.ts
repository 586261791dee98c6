/**
 * The restore-database prompt walks plan -> preview -> confirm -> watch. It needs
 * plan_restore and get_restore too, so it is offered only when both are registered;
 * a stand-in get_restore (built by another branch) is enough to register it here.
 */
import { z } from "zod";
import { describe, expect } from "vitest";
import { defineTool } from "../../../src/tools/define.js";
import { ALL_TOOLS } from "../../../src/tools/index.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import type { Harness } from "../../helpers/harness.js";

const standInGetRestore = defineTool({
  name: "get_restore",
  title: "stand-in",
  description: "stand-in for the prompt test",
  kind: "read",
  instruction: "get_restore stand-in",
  input: z.strictObject({ id: z.number() }),
  output: z.looseObject({}),
  run: () => Promise.resolve({ structured: {}, text: "" }),
});

const promptNames = async (h: Harness) => (await h.client.listPrompts()).prompts.map((p) => p.name);

describe("the restore-database prompt", () => {
  it("is offered with plan_restore and get_restore, and walks plan, preview, confirm, watch", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ tools: [...ALL_TOOLS, standInGetRestore] });
    expect(await promptNames(h)).toContain("restore-database");
    const prompt = await h.client.getPrompt({
      name: "restore-database",
      arguments: {
        source_service_id: "dbtgf28216706",
        target_time: "latest",
        target_service_id: "dbgsr10358824",
      },
    });
    const text = prompt.messages[0]?.content.type === "text" ? prompt.messages[0].content.text : "";
    const steps = [
      "plan_restore for dbtgf28216706 at latest",
      "create_restore with",
      "confirmation_token",
      "get_restore",
    ];
    const at = steps.map((step) => text.indexOf(step));
    expect(
      at.every((i) => i >= 0),
      text,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain("Only after I say yes");
    expect(text).toContain("into dbgsr10358824");
  });

  it("is not offered while get_restore is missing", async ({ freshHarness }) => {
    const h = await freshHarness({ tools: ALL_TOOLS.filter((t) => t.name !== "get_restore") });
    expect(await promptNames(h)).not.toContain("restore-database");
    expect(await promptNames(h)).toContain("plan-restore");
  });
});
