/**
 * tools/list, computed once. The SDK converts every zod schema to JSON
 * Schema again on each tools/list; these never change, so the answer is
 * built at start-up. It also drops each schema's "$schema" line: every word
 * here is paid for in every conversation, and that one tells a model nothing.
 * Every field is typed, output schemas' too, so a client that checks schema
 * portability (the MCP Inspector's --strict) finds nothing to warn about.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { annotationsFor } from "./annotations.js";
import type { ToolDefinition } from "../tools/define.js";

/**
 * Each schema is converted once per process, whatever list it is in: team
 * mode narrows the tools per request, and a new selection must not cost the
 * conversion again. Keyed by the schema, so bounded by the tools there are.
 */
const jsonSchemas = {
  input: new WeakMap<z.ZodObject, Tool["inputSchema"]>(),
  output: new WeakMap<z.ZodObject, Tool["inputSchema"]>(),
};

function jsonSchema(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  let json = jsonSchemas[io].get(schema);
  if (json === undefined) {
    json = convert(schema, io);
    jsonSchemas[io].set(schema, json);
  }
  return json;
}

function convert(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  const converted = z.toJSONSchema(schema, { target: "draft-7", io, unrepresentable: "any" });
  const cleaned = withoutNoise(converted);
  const out = cleaned as Record<string, unknown>;
  delete out.$schema;
  return { ...out, type: "object" };
}

/**
 * `additionalProperties: {}` (what a loose zod object becomes) is JSON
 * Schema's default anyway, and so are an integer's safe-integer bounds
 * (what zod's int() writes when no other is given), and an object's empty
 * `properties`: dropping them changes no meaning and saves tokens.
 */
function withoutNoise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNoise);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const isEmptyObject =
      typeof value === "object" && value !== null && Object.keys(value).length === 0;
    if (
      (key === "additionalProperties" || key === "properties") &&
      isEmptyObject &&
      !Array.isArray(value)
    )
      continue;
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = withoutNoise(value);
  }
  return out;
}

function buildToolList(tools: readonly ToolDefinition[]): { tools: Tool[] } {
  return {
    tools: tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: jsonSchema(tool.input, "input"),
      outputSchema: jsonSchema(tool.output, "output"),
      annotations: annotationsFor(tool.kind),
    })),
  };
}

const built = new WeakMap<readonly ToolDefinition[], { tools: Tool[] }>();

/** One tools/list per tool selection: team mode makes a server per request, with the operator's selection or a request's narrower one. */
export function toolListFor(tools: readonly ToolDefinition[]): { tools: Tool[] } {
  let list = built.get(tools);
  if (list === undefined) {
    list = buildToolList(tools);
    built.set(tools, list);
  }
  return list;
}
