/** What the command line asks for: which mode, with which settings. */
import type { EmulatorConfig } from "./command-options.js";
import type { ServerConfig } from "./server-settings.js";

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
