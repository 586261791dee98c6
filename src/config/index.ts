/**
 * Configuration is read once, from the environment and the command line
 * (flags win), validated, frozen and passed in. A bad setting is a
 * ConfigError whose one-line message names the variable or flag to fix.
 *
 * server-settings.ts is the one table of settings; command-options.ts holds
 * the options of single commands. commands.ts parses argv with them, help.ts
 * and readme-table.ts describe them. Only this file re-exports; no module
 * here imports it, so the folder has no import cycle.
 */
export { ConfigError } from "./errors.js";
export { parseCommand, type Command } from "./commands.js";
export { serverConfig } from "./server-config.js";
export { HTTP_SETTINGS, isLoopback, sharedKeyGuarded, type HttpConfig } from "./http-settings.js";
export { HELP } from "./help.js";
export {
  CONFIRM_MODES,
  DEFAULT_API_URL,
  DEFAULT_DEADLINE_MS,
  DEFAULT_TIMEOUT_MS,
  DEMO_API_KEY,
  SERVER_SETTINGS,
  type ConfirmMode,
  type ServerConfig,
} from "./server-settings.js";
export {
  AUDIT_OPTIONS,
  DRILL_OPTIONS,
  EMULATOR_OPTIONS,
  type DrillConfig,
  type EmulatorConfig,
} from "./command-options.js";
