/**
 * Sent on initialize: which tool answers which question, and the safety
 * rules in force. Each tool brings its own line, so a tool that is not
 * registered is never mentioned.
 */
import type { ConfirmMode } from "../config/config.js";
import type { ToolDefinition } from "../tools/define.js";

export interface InstructionOptions {
  demo: boolean;
  tools: readonly ToolDefinition[];
  confirm: ConfirmMode;
  scope: readonly string[] | undefined;
}

export function serverInstructions(options: InstructionOptions): string {
  const reads = options.tools.filter((tool) => tool.kind === "read");
  const writes = options.tools.filter((tool) => tool.kind !== "read");
  const lines = [
    "MariaDB Cloud (SkySQL) backups. All times are UTC; service ids look like dbtgf28216706.",
    ...reads.map((tool) => tool.instruction),
    writes.length > 0
      ? `Changes: ${writes.map((tool) => tool.instruction).join(", ")}.`
      : "This server is read-only: it cannot create, change or delete schedules.",
  ];
  // Updates, deletes and overwrites go through the confirmation gate; a create is previewed by
  // nothing. A restore overwrites its target, so it previews even with --confirm never.
  const gated = writes.filter((tool) => tool.kind !== "create");
  const previewing = gated.filter(
    (tool) => options.confirm !== "never" || tool.kind === "overwrite",
  );
  const immediate = gated.filter((tool) => !previewing.includes(tool));
  const names = (tools: readonly ToolDefinition[]): string => tools.map((t) => t.name).join(", ");
  if (immediate.length > 0) {
    lines.push(
      `Confirmation is OFF (--confirm never): ${names(immediate)} run immediately, with no preview.`,
    );
  }
  if (previewing.length > 0) {
    lines.push(
      `${names(previewing)} first return a preview and a confirmation_token; show the preview, its warnings included, to the user and repeat the same call with confirmation_token only after they agree.`,
    );
  }
  if (options.scope) lines.push(`Only these services are accessible: ${options.scope.join(", ")}.`);
  if (options.demo) {
    lines.unshift(
      "DEMO MODE: data comes from a local emulator with generated demo data, not a real MariaDB Cloud account; changes stay in that emulator and vanish when the server stops.",
    );
  }
  return lines.join("\n");
}
