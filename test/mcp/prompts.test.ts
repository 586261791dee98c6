import { describe, expect } from "vitest";
import { SCENARIOS } from "../helpers/emulator.js";
import { testWithHarness } from "../helpers/fixtures.js";
import type { Harness } from "../helpers/harness.js";

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

describe("completions for prompt arguments", () => {
  const complete = (h: Harness, prompt: string, name: string, value: string) =>
    h.client
      .complete({ ref: { type: "ref/prompt", name: prompt }, argument: { name, value } })
      .then((r) => r.completion.values);

  it("announces completions; a service id completes from the account's services", async ({ h }) => {
    expect(h.client.getServerCapabilities()?.completions).toEqual({});
    // The services the newest 500 backups name: one request, not a read of the whole account.
    const newest = [...h.emulator.state.backups]
      .sort((a, b) => Date.parse(b.start_time ?? "") - Date.parse(a.start_time ?? ""))
      .slice(0, 500);
    const expected = [...new Set(newest.map((b) => b.service_id))].sort();
    const all = await complete(h, "plan-restore", "service_id", "");
    expect(all).toEqual(expected);
    expect(all.length).toBeGreaterThan(5);
    const typed = SCENARIOS.healthy.slice(0, 5);
    const some = await complete(h, "restore-database", "target_service_id", typed);
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((id) => id.startsWith(typed))).toBe(true);
    expect(some).toContain(SCENARIOS.healthy);
    expect(await complete(h, "schedule-backups", "service_id", "zz")).toEqual([]);
  });

  it("target_time suggests the relative forms every restore tool takes", async ({ h }) => {
    expect(await complete(h, "plan-restore", "target_time", "")).toEqual(["latest", "-1h", "-1d"]);
    expect(await complete(h, "restore-database", "target_time", "-")).toEqual(["-1h", "-1d"]);
    expect(await complete(h, "plan-restore", "target_time", "2026")).toEqual([]);
  });

  it("a server limited to some services completes only those", async ({ freshHarness }) => {
    const h = await freshHarness({ scope: [SCENARIOS.healthy] });
    expect(await complete(h, "plan-restore", "service_id", "")).toEqual([SCENARIOS.healthy]);
  });
});
