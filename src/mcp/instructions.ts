/**
 * Sent on initialize: which tool answers which question, and the safety
 * rules in force. Each tool brings its own line, so a tool that is not
 * registered is never mentioned.
 */
import type { ConfirmMode } from "../config/index.js";
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
  // Updates and deletes go through the confirmation gate; a create is previewed by nothing.
  if (writes.some((tool) => tool.kind !== "create")) {
    lines.push(
      options.confirm === "never"
        ? "Confirmation is OFF (--confirm never): update, delete, suspend and cancel_restore run immediately, with no preview; create_restore still previews."
        : "update/delete/suspend first return a preview and a confirmation_token; show the preview, its warnings included, to the user and repeat the same call with confirmation_token only after they agree.",
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
