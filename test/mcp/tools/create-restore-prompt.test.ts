/**
 * The restore-database prompt walks plan -> preview -> confirm -> watch. It needs
 * plan_restore and get_restore too, so it is offered only when both are registered.
 */
import { describe, expect } from "vitest";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";
import type { Harness } from "../../helpers/harness.js";

const promptNames = async (h: Harness) => (await h.client.listPrompts()).prompts.map((p) => p.name);

describe("the restore-database prompt", () => {
  it("is offered with plan_restore and get_restore, and walks plan, preview, confirm, watch", async ({
    freshHarness,
  }) => {
    const h = await freshHarness({ tools: ALL_TOOLS });
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
