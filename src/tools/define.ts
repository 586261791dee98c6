/**
 * A tool is plain data: name, texts, schemas, the kind of change it makes and
 * a run function. server.ts is the only code that turns these into MCP.
 */
import type { z } from "zod";
import type { BackupsApi } from "../api/client.js";
import type { ConfirmGate } from "../safety/confirm.js";
import type { ServiceScope } from "../safety/scope.js";

/**
 * What a tool does to the account; annotations.ts maps it to MCP hints.
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
   * than the rest of a 100-backup call. The API key is still scrubbed from errors.
   */
  readonly skipSecretFieldScan?: boolean;
  run(args: z.output<Input>, ctx: ToolContext): Promise<ToolOutput>;
}

export function defineTool<Input extends z.ZodObject>(
  definition: ToolDefinition<Input>,
): ToolDefinition<Input> {
  return definition;
}
