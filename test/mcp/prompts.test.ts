import { describe, expect } from "vitest";
import { testWithHarness } from "../helpers/fixtures.js";

const it = testWithHarness();

describe("prompts and instructions", () => {
  it("lists the four prompts with their arguments", async ({ h }) => {
    const { prompts } = await h.client.listPrompts();
    const byName = Object.fromEntries(
      prompts.map((p) => [p.name, (p.arguments ?? []).map((a) => a.name)]),
    );
    expect(byName).toEqual({
      "audit-backups": [],
      "schedule-backups": ["service_id"],
      "plan-restore": ["service_id", "target_time"],
      "restore-database": ["source_service_id", "target_time", "target_service_id"],
    });
  });

  it("announces no list changes: the tools and prompts are fixed for the server's life", ({
    h,
  }) => {
    const capabilities = h.client.getServerCapabilities();
    expect(capabilities?.tools).toEqual({ listChanged: false });
    expect(capabilities?.prompts).toEqual({ listChanged: false });
  });

  it("fills the arguments into a message that names the tool to use", async ({ h }) => {
    const restore = await h.client.getPrompt({
      name: "plan-restore",
      arguments: { service_id: "dbtgf28216706", target_time: "2026-11-26 14:05:00" },
    });
    const text =
      restore.messages[0]?.content.type === "text" ? restore.messages[0].content.text : "";
    expect(text).toContain("plan_restore for dbtgf28216706 at 2026-11-26 14:05:00");
    const schedule = await h.client.getPrompt({
      name: "schedule-backups",
      arguments: { service_id: "dbqkr31007245" },
    });
    expect(JSON.stringify(schedule.messages)).toContain(
      "backup schedules of dbqkr31007245 with list_backup_schedules",
    );
  });

  it("the instructions say which tool answers which question and how confirmation works", ({
    h,
  }) => {
    const instructions = h.client.getInstructions() ?? "";
    expect(instructions).toContain("one audit_backups call");
    expect(instructions).toContain("plan_restore");
    expect(instructions).toContain("confirmation_token");
    // Every tool that previews is named where the confirmation rule is said, cancel_restore too.
    expect(instructions).toContain(
      "update_backup_schedule, delete_backup_schedule, suspend_service_schedules, create_restore, cancel_restore first return a preview and a confirmation_token",
    );
  });

  it("serverInfo carries a title, a description and an inline icon a client can show", ({ h }) => {
    const info = h.client.getServerVersion();
    expect(info).toMatchObject({ name: "skybackup-mcp", title: "MariaDB Cloud Backups" });
    expect(info?.description).toMatch(/^Backups, schedules, restores/);
    const icon = info?.icons?.[0];
    expect(icon?.mimeType).toBe("image/svg+xml");
    // Inline, so no client fetches from a host it does not know; and a real SVG.
    const svg = Buffer.from(icon?.src.replace(/^data:image\/svg\+xml;base64,/, "") ?? "", "base64");
    expect(svg.toString("utf8")).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/,
    );
  });
});
