/**
 * Which tools this server registers. Decided once at start-up, so a hidden
 * tool is neither listed nor callable. Unknown names are a configuration
 * error: a typo must not silently leave a write tool enabled. In team mode a
 * request may narrow the selection further for itself (toolNarrower).
 */
import { ConfigError } from "../config/config.js";
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
  const chosen = all.filter(
    (tool) =>
      (!selection.readOnly || tool.kind === "read") &&
      (!allow || allow.has(tool.name)) &&
      !deny.has(tool.name),
  );
  // A server with no tools answers tools/list with an error: say so at start-up instead.
  if (chosen.length === 0)
    throw new ConfigError(
      `no tool is left to serve: ${selection.readOnly ? "--read-only keeps only read tools, and " : ""}--tools and --disable-tools leave none of them; name at least one tool this server would offer`,
    );
  return chosen;
}

/** What one request asks of the tools the operator offers: only ever fewer. */
export interface ToolNarrowing {
  readOnly: boolean;
  tools: readonly string[] | undefined;
}

/** Distinct narrowed selections kept; past it the least recently used is dropped. */
export const MAX_NARROWED_SELECTIONS = 32;

/**
 * A request's tools: the operator's selection, narrowed. Names must be tools
 * this server knows (a typo must not pass for "no such tool here"); a known
 * tool the operator did not offer simply stays out, and when none is left
 * the answer says which the request may use (a server with no tools would
 * be no answer at all). The same selection comes back as the same array, so
 * whatever is cached per tool array (tools/list, the tools as offered over
 * HTTP) is made once per selection; the memo is bounded, so callers naming
 * ever new subsets cannot grow memory.
 */
export function toolNarrower(
  all: readonly ToolDefinition[],
  offered: readonly ToolDefinition[],
): (
  narrowing: ToolNarrowing,
) =>
  | readonly ToolDefinition[]
  | { unknown: readonly string[] }
  | { noneOf: readonly string[]; usable: readonly string[] } {
  const known = new Set(all.map((tool) => tool.name));
  const memo = new Map<string, readonly ToolDefinition[]>();
  return ({ readOnly, tools }) => {
    const unknown = (tools ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0) return { unknown };
    const usable = readOnly ? offered.filter((tool) => tool.kind === "read") : offered;
    const chosen = tools ? usable.filter((tool) => tools.includes(tool.name)) : usable;
    if (chosen.length === 0)
      return { noneOf: tools ?? [], usable: usable.map((tool) => tool.name) };
    if (chosen.length === offered.length) return offered;
    const key = chosen.map((tool) => tool.name).join(",");
    const kept = memo.get(key) ?? chosen;
    memo.delete(key);
    memo.set(key, kept);
    if (memo.size > MAX_NARROWED_SELECTIONS) memo.delete(memo.keys().next().value ?? key);
    return kept;
  };
}
