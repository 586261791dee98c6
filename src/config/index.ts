/**
 * Configuration is read once, from the environment and the command line
 * (flags win), validated, frozen and passed in. A bad setting is a
 * ConfigError whose one-line message names the variable or flag to fix.
 * This file holds the shapes; commands.ts parses argv, server-config.ts the
 * server's settings.
 */
import { ConfigError } from "./errors.js";

export { ConfigError };

export type ConfirmMode = "always" | "never";

export interface ServerConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly orgId: string | undefined;
  readonly timeoutMs: number;
  /** Overall budget of one tool call, retries included. */
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly demo: boolean;
  readonly readOnly: boolean;
  /** Allow list of tool names; undefined = all. */
  readonly tools: readonly string[] | undefined;
  readonly disabledTools: readonly string[];
  /** Services every tool is limited to; undefined = all. */
  readonly services: readonly string[] | undefined;
  readonly confirm: ConfirmMode;
}

export interface EmulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly backups: number | undefined;
  readonly services: number | undefined;
}

export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "serve"; readonly config: ServerConfig }
  | { readonly kind: "emulator"; readonly emulator: EmulatorConfig }
  | {
      readonly kind: "call";
      readonly config: ServerConfig;
      readonly tool: string;
      readonly args: Record<string, unknown>;
      readonly json: boolean;
    }
  | {
      readonly kind: "audit";
      readonly config: ServerConfig;
      /** audit_backups arguments given as flags (max_age_hours, lookback_days, max_full_age_days). */
      readonly auditArgs: Readonly<Record<string, number>>;
      readonly json: boolean;
    };

export const DEFAULT_API_URL = "https://api.skysql.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEMO_API_KEY = "demo-key";

export { parseCommand } from "./commands.js";
export { serverConfig } from "./server-config.js";
