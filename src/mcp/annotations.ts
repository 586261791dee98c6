import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { ToolKind } from "../tools/define.js";

/** Every hint is set explicitly: clients treat a missing hint as the unsafe default. */
export function annotationsFor(kind: ToolKind): ToolAnnotations {
  const readOnly = kind === "read";
  return {
    readOnlyHint: readOnly,
    destructiveHint: kind === "update" || kind === "delete" || kind === "overwrite",
    // Repeating a create makes a second schedule, an overwrite a second restore; the rest converge.
    idempotentHint: kind !== "create" && kind !== "overwrite",
    openWorldHint: true,
  };
}
