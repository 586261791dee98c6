/**
 * Which tools this server registers. Decided once at start-up, so a hidden
 * tool is neither listed nor callable. Unknown names are a configuration
 * error: a typo must not silently leave a write tool enabled.
 */
import { ConfigError } from "../config/index.js";
import type { ToolDefinition } from "./define.js";

export interface ToolSelection {
  readOnly: boolean;
  tools: readonly string[] | undefined;
  disabledTools: readonly string[];
}

export function selectTools(
  all: readonly ToolDefinition[],
  selection: ToolSelection,
): ToolDefinition[] {
  const known = new Set(all.map((tool) => tool.name));
  for (const [setting, names] of [
    ["--tools", selection.tools ?? []],
    ["--disable-tools", selection.disabledTools],
  ] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new ConfigError(
        `${setting}: unknown tool(s) ${unknown.join(", ")}; known tools: ${[...known].join(", ")}`,
      );
    }
  }
  const allow = selection.tools ? new Set(selection.tools) : undefined;
  const deny = new Set(selection.disabledTools);
  return all.filter(
    (tool) =>
      (!selection.readOnly || tool.kind === "read") &&
      (!allow || allow.has(tool.name)) &&
      !deny.has(tool.name),
  );
}
