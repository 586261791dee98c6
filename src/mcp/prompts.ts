/**
 * Prompts: ready-made starting points a user can pick in their assistant.
 * Each belongs to the tool that answers it (ToolDefinition.prompts), so a
 * prompt is offered only when every tool it names is registered.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { BackupsApi } from "../api/client.js";
import type { ServiceScope } from "../safety/scope.js";
import type { ToolDefinition } from "../tools/define.js";
import { isSendableId } from "../util/ids.js";

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

/**
 * Completions for prompt arguments (completion/complete): a service id
 * argument completes from the services the account's newest 500 backups
 * name (a service silent for longer is not suggested; its id still works),
 * and target_time from the forms every restore tool accepts. The service
 * list is one request (the newest page of backups), kept a minute per API
 * client, so per user in team mode; a failed lookup completes nothing
 * rather than failing the client's typing.
 */
/** The spec allows at most 100 values per answer. */
const MAX_VALUES = 100;
const LOOKUP_PAGE_SIZE = 500;
const KEEP_MS = 60_000;
/** Every restore tool takes these, besides an absolute UTC time. */
const TIME_FORMS = ["latest", "-1h", "-1d"];

type ServiceLookup = Pick<BackupsApi, "listBackups">;
const known = new WeakMap<ServiceLookup, { at: number; ids: Promise<string[]> }>();

async function serviceIds(api: ServiceLookup, scope: ServiceScope): Promise<string[]> {
  if (scope.services) return [...scope.services];
  const cached = known.get(api);
  if (cached && Date.now() - cached.at < KEEP_MS) return cached.ids;
  const ids = api
    .listBackups(
      { page: 1, page_size: LOOKUP_PAGE_SIZE, order: "desc" },
      { signal: AbortSignal.timeout(10_000) },
    )
    .then((page) => {
      const seen = new Set<string>();
      for (const b of page.items)
        if (isSendableId("service", b.service_id) && scope.allows(b.service_id))
          seen.add(b.service_id);
      return [...seen].sort();
    })
    .catch(() => {
      known.delete(api);
      return [];
    });
  known.set(api, { at: Date.now(), ids });
  return ids;
}

const startingWith = (values: readonly string[], typed: string): string[] =>
  values.filter((v) => v.toLowerCase().startsWith(typed.toLowerCase())).slice(0, MAX_VALUES);

/** The completer for a prompt argument by its name, or undefined when it has none. */
function completerFor(
  argument: string,
  api: ServiceLookup,
  scope: ServiceScope,
): ((typed: string) => Promise<string[]>) | undefined {
  if (argument === "service_id" || argument.endsWith("_service_id"))
    return async (typed) => startingWith(await serviceIds(api, scope), typed ?? "");
  if (argument === "target_time")
    return (typed) => Promise.resolve(startingWith(TIME_FORMS, typed ?? ""));
  return undefined;
}
