/** The MCP server's settings from env and flags: the table, then the rules that span settings. */
import { ConfigError } from "./errors.js";
import { SERVER_SETTINGS, type ServerConfig } from "./server-settings.js";
import { readSettings, settingLabel, type Env, type FlagValues } from "./setting.js";

/** In team mode (`keyOptional`) the API key may come with each request instead. */
export function serverConfig(flags: FlagValues, env: Env, keyOptional = false): ServerConfig {
  const demo = flags.demo === true;
  const notRequired = new Set(keyOptional ? ["apiKey"] : []);
  const { values, defaulted } = readSettings(SERVER_SETTINGS, flags, env, demo, notRequired);
  const { timeoutMs } = values;
  // A longer request timeout raises the default budget, so it never undercuts one attempt.
  if (defaulted.has("deadlineMs"))
    return Object.freeze({ ...values, deadlineMs: Math.max(values.deadlineMs, timeoutMs) });
  if (values.deadlineMs < timeoutMs) {
    throw new ConfigError(
      `${settingLabel(SERVER_SETTINGS.deadlineMs)} (${values.deadlineMs}) must be at least the request timeout (${timeoutMs})`,
    );
  }
  return values;
}
