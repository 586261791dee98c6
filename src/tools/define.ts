/**
 * A tool is plain data: name, texts, schemas, the kind of change it makes and
 * a run function. server.ts is the only code that turns these into MCP.
 */
import { z } from "zod";
import type { BackupsApi } from "../api/client.js";
import { BACKUP_TYPES } from "../api/records.js";
import { ConfigError } from "../config/config.js";
import { scheduleProblem } from "../cron/parse.js";
import type { ConfirmGate } from "../safety/confirm.js";
import type { ServiceScope } from "../safety/scope.js";
import { ID_RULES } from "../util/ids.js";

/**
 * What a tool does to the account; mcp/server.ts's annotationsFor maps it to MCP hints.
 * "overwrite" starts something that replaces existing data (a restore
 * erases its target): destructive, and a repeat does it again.
 */
export type ToolKind = "read" | "create" | "update" | "delete" | "overwrite";

export interface ToolContext {
  readonly api: BackupsApi;
  /** Aborted when the client cancels the call. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /** Reports progress to the client when it asked for it (a progressToken); otherwise does nothing. */
  readonly progress: (done: number, total: number | undefined, message?: string) => void;
  /** The services this server may touch (--services). */
  readonly scope: ServiceScope;
  /** Gate for destructive calls: preview, token or the user's yes. */
  readonly confirm: ConfirmGate;
  /** Adds a value (e.g. storage credentials) that must not appear in this call's output. */
  readonly registerSecret: (value: string) => void;
  /** Reads a credentials_file as this server's access allows (safety/credential-files.ts). */
  readonly readCredentialsFile: (path: string) => Promise<string>;
}

export interface ToolOutput {
  readonly structured: Record<string, unknown>;
  /** One compact block written for a model to read. */
  readonly text: string;
}

/**
 * A ready-made starting point a user can pick in their assistant (an MCP
 * prompt). It belongs to the tool that answers it and is offered only when
 * that tool and every tool in `alsoNeeds` are registered.
 */
interface PromptDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly alsoNeeds?: readonly string[];
  /** Argument name -> what to fill in. */
  readonly args?: Readonly<Record<string, string>>;
  /** The user message, with the arguments filled in. */
  message(args: Readonly<Record<string, string>>): string;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly kind: ToolKind;
  /**
   * Its part of the server instructions sent on initialize: for a read, one
   * line saying which question it answers; for a change, a short phrase
   * listed under "Changes:". Present only when the tool is registered.
   */
  readonly instruction: string;
  readonly prompts?: readonly PromptDefinition[];
  readonly input: Input;
  /**
   * The input offered where the server reads no file for its callers (team
   * mode): the same fields without credentials_file, so it is not even listed.
   */
  readonly inputWithoutServerFiles?: z.ZodObject;
  readonly output: z.ZodObject;
  /** Extra advice appended to an API error with this status (e.g. 404: which tool lists what exists). */
  readonly statusHints?: Readonly<Partial<Record<number, string>>>;
  /** For writes: how to check whether a call whose answer was lost took effect. */
  readonly unknownOutcomeHint?: string;
  /**
   * Backup records never hold storage credentials (schedules may), so tools
   * that return only backups skip the secret-field walk, which costs more
   * than the rest of a 100-backup call. Known secret values (the API key, a
   * call's credentials) are still scrubbed from every result and error.
   */
  readonly skipSecretFieldScan?: boolean;
  run(args: z.output<Input>, ctx: ToolContext): Promise<ToolOutput>;
}

export function defineTool<Input extends z.ZodObject>(
  definition: ToolDefinition<Input>,
): ToolDefinition<Input> {
  return definition;
}

/**
 * Input fields shared by several tools. Input from the assistant is checked
 * strictly: a value that could change the request path (a service id of
 * "schedules", "../x", "%2F") or an out-of-range number never leaves here.
 * The id rules live in util/ids.ts, where ids read back from the API are
 * checked by the same rules before they are sent again.
 */
export const serviceId = ID_RULES.service.describe("e.g. dbtgf28216706");

export const scheduleId = ID_RULES.schedule.describe("From list_backup_schedules");

export const page = z
  .number()
  .int()
  .min(1)
  .refine((n) => n <= 1_000_000, "page must be <= 1000000")
  .optional();
export const pageSize = z.number().int().min(1).max(1000).optional().describe("1-1000");
export const order = z.enum(["asc", "desc"]).optional().describe("By time; default desc");
export const backupType = z.enum(BACKUP_TYPES);

export const schedule = z
  .string()
  .superRefine((value, ctx) => {
    const problem =
      value.length > 100 ? "schedule is too long for a cron expression" : scheduleProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe('"once" (one backup now) or a 5-field UTC cron, e.g. "0 2 * * *"');

export const confirmationToken = z
  .string()
  .min(10)
  .max(200)
  .refine(
    (token) => /^[A-Za-z0-9._-]+$/.test(token),
    "confirmation_token must be the value from the preview",
  )
  .optional()
  .describe("From the preview, once the user agreed");

/**
 * Which tools this server registers. Decided once at start-up, so a hidden
 * tool is neither listed nor callable. Unknown names are a configuration
 * error: a typo must not silently leave a write tool enabled. In team mode a
 * request may narrow the selection further for itself (toolNarrower).
 */
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
