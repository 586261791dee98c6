/**
 * Prompts: ready-made starting points a user can pick in their assistant.
 * Each belongs to the tool that answers it (ToolDefinition.prompts), so a
 * prompt is offered only when every tool it names is registered.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { z } from "zod";
import type { BackupsApi } from "../api/client.js";
import type { ServiceScope } from "../safety/scope.js";
import type { ToolDefinition } from "../tools/define.js";
import { completerFor } from "./completions.js";

/** What completions read: this server's API client (per user in team mode) and its scope. */
export interface CompletionSource {
  api: Pick<BackupsApi, "listBackups">;
  scope: ServiceScope;
}

/** Registers the prompts whose tools are all registered; returns how many. */
export function registerPrompts(
  server: McpServer,
  tools: readonly ToolDefinition[],
  source: CompletionSource,
): number {
  const registered = new Set(tools.map((tool) => tool.name));
  let count = 0;
  for (const prompt of tools.flatMap((tool) => tool.prompts ?? [])) {
    if (!(prompt.alsoNeeds ?? []).every((name) => registered.has(name))) continue;
    const argsSchema = withCompletions(argsSchemaOf(prompt), source);
    count += 1;
    server.registerPrompt(
      prompt.name,
      {
        title: prompt.title,
        description: prompt.description,
        ...(argsSchema && { argsSchema }),
      },
      (values: Record<string, string> = {}) => ({
        messages: [
          {
            role: "user" as const,
            content: { type: "text" as const, text: prompt.message(values) },
          },
        ],
      }),
    );
  }
  return count;
}

type Prompt = NonNullable<ToolDefinition["prompts"]>[number];
const argsSchemas = new WeakMap<Prompt, Record<string, z.ZodString> | undefined>();

/** Built once per prompt: team mode registers the prompts again for every request. */
function argsSchemaOf(prompt: Prompt): Record<string, z.ZodString> | undefined {
  if (argsSchemas.has(prompt)) return argsSchemas.get(prompt);
  const args = Object.entries(prompt.args ?? {});
  const schema =
    args.length > 0
      ? Object.fromEntries(
          args.map(([name, description]) => [name, z.string().describe(description)]),
        )
      : undefined;
  argsSchemas.set(prompt, schema);
  return schema;
}

/**
 * The args schema with a completer on each argument that has one. Fresh
 * schemas for those (completable marks a schema for good, and the completer
 * reads this server's API client); the rest stay the cached ones.
 */
function withCompletions(
  schema: Record<string, z.ZodString> | undefined,
  source: CompletionSource,
): Record<string, z.ZodString> | undefined {
  if (schema === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(schema).map(([name, field]) => {
      const complete = completerFor(name, source.api, source.scope);
      if (complete === undefined) return [name, field];
      const fresh = z.string();
      return [
        name,
        completable(field.description ? fresh.describe(field.description) : fresh, complete),
      ];
    }),
  );
}
