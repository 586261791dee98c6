/**
 * The one place a failure becomes a tool result. The text is what an agent
 * acts on: what was called, what the API said, and what to do next. Known
 * secrets are scrubbed from it as a last line of defence.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ApiError } from "../api/errors.js";
import type { ToolDefinition } from "../tools/define.js";
import { redact } from "../safety/redact.js";
import { PartialWriteError, ToolError } from "../util/tool-error.js";

export function errorResult(
  error: unknown,
  tool: ToolDefinition,
  secrets: readonly string[],
): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: redact(errorText(error, tool), secrets) }],
  };
}

function errorText(error: unknown, tool: ToolDefinition): string {
  if (error instanceof ApiError) {
    const advice = [
      error.outcomeUnknown ? tool.unknownOutcomeHint : undefined,
      error.hint,
      error.status !== undefined ? tool.statusHints?.[error.status] : undefined,
    ];
    return [`${tool.name} failed: ${error.message}.`, ...advice.filter(Boolean)].join(" ");
  }
  if (error instanceof PartialWriteError) return `${tool.name} failed: ${error.message}`;
  if (error instanceof ToolError) return `${tool.name}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${tool.name} failed unexpectedly: ${message}`;
}
