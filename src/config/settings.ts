/**
 * THE settings table of the MCP server (also used by `call` and `audit`).
 * Add a setting here and the parser, --help and the README table follow;
 * `npm run docs:settings` rewrites the README, and a test fails until it does.
 */
import { AUDIT_LIMITS } from "../audit/types.js";
import {
  httpUrl,
  nameList,
  onOff,
  oneOf,
  secretKey,
  text,
  wholeNumber,
  defineSetting,
  secretList,
  ConfigError,
  readSettings,
  settingLabel,
  type Values,
  type Env,
  type FlagValues,
} from "./setting.js";
import { SERVICE_ID_PATTERN } from "../util/ids.js";
import { isTimeInput, TIME_INPUT_HELP } from "../util/time.js";

const DEFAULT_API_URL = "https://api.skysql.com";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;
export const DEMO_API_KEY = "demo-key";
const CONFIRM_MODES = ["always", "never"] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

const TOOL_NAME = /^[a-z][a-z_]{1,63}$/;

export const SERVER_SETTINGS = {
  apiKey: defineSetting({
    env: "SKYSQL_API_KEY",
    secret: true,
    kind: secretKey,
    default: "",
    required: "export your MariaDB Cloud API key, or run with --demo to try the emulator",
    inDemo: DEMO_API_KEY,
    shownDefault: "required unless `--demo`; with `--http`, unset means each user sends their own",
    description: "API key, sent as `X-API-Key`; a key with control characters is refused",
  }),
  apiUrl: defineSetting({
    env: "SKYSQL_API_URL",
    flag: "api-url",
    kind: httpUrl(DEFAULT_API_URL),
    default: DEFAULT_API_URL,
    inDemo: "",
    description: "API base URL",
  }),
  orgId: defineSetting<string | undefined>({
    env: "SKYSQL_ORG_ID",
    flag: "org-id",
    kind: text("ID", {
      pattern: /^[\w.-]{1,128}$/,
      says: "must be letters, digits, '.', '_' or '-' (up to 128)",
    }),
    default: undefined,
    shownDefault: "none",
    description:
      "organization, sent as `X-MDB-Org`; with `--http` and per-user keys, the default for requests without one",
  }),
  timeoutMs: defineSetting({
    env: "SKYSQL_TIMEOUT_MS",
    flag: "timeout-ms",
    kind: wholeNumber(100, 600_000),
    default: DEFAULT_TIMEOUT_MS,
    description: "per request attempt, in ms: headers and body each; connecting takes at most 10 s",
  }),
  deadlineMs: defineSetting({
    env: "SKYSQL_DEADLINE_MS",
    flag: "deadline-ms",
    kind: wholeNumber(100, 3_600_000),
    default: DEFAULT_DEADLINE_MS,
    shownDefault: `\`${DEFAULT_DEADLINE_MS}\`, or the timeout if longer`,
    description: "overall budget of one tool call in ms, retries included; at least the timeout",
  }),
  maxRetries: defineSetting({
    env: "SKYSQL_MAX_RETRIES",
    flag: "max-retries",
    kind: wholeNumber(0, 10),
    default: 3,
    description: "retries of a read on network errors, timeouts, 429, 502, 503, 504",
  }),
  demo: defineSetting({
    flag: "demo",
    kind: onOff,
    default: false,
    description: "serve against the built-in emulator with demo data; no API key needed",
  }),
  readOnly: defineSetting({
    env: "SKYSQL_READ_ONLY",
    flag: "read-only",
    kind: onOff,
    default: false,
    description: "register only read tools",
  }),
  tools: defineSetting<readonly string[] | undefined>({
    env: "SKYSQL_TOOLS",
    flag: "tools",
    kind: nameList(TOOL_NAME, "a tool name", "a,b"),
    default: undefined,
    shownDefault: "all",
    description: "register only these tools; an unknown name stops start-up",
  }),
  disabledTools: defineSetting<readonly string[]>({
    env: "SKYSQL_DISABLE_TOOLS",
    flag: "disable-tools",
    kind: nameList(TOOL_NAME, "a tool name", "a,b"),
    default: Object.freeze([]),
    shownDefault: "none",
    description: "never register these tools; an unknown name stops start-up",
  }),
  services: defineSetting<readonly string[] | undefined>({
    env: "SKYSQL_SERVICES",
    flag: "services",
    kind: nameList(SERVICE_ID_PATTERN, "a service id such as dbtgf28216706", "id1,id2"),
    default: undefined,
    shownDefault: "all",
    description: "limit every tool to these services",
  }),
  confirm: defineSetting<ConfirmMode>({
    env: "SKYSQL_CONFIRM",
    flag: "confirm",
    kind: oneOf(CONFIRM_MODES),
    default: "always",
    description:
      "`always`: updates, deletes, suspends and cancel_restore show a preview and need a confirmation; " +
      "`never`: they run at once (unattended automation); create_restore always previews",
  }),
};

export type ServerConfig = Values<typeof SERVER_SETTINGS>;

/** Read by the HTTP layer itself (undici), not by this table; listed so the docs show them. */
export const OTHER_VARIABLES = [
  { env: "HTTPS_PROXY, HTTP_PROXY, NO_PROXY", description: "route API calls through a proxy" },
] as const;

/**
 * Team mode's settings (`--http`): where the Streamable HTTP endpoint listens
 * and who may use it. Read only when --http is given; described once here so
 * the parser, --help and the README table follow.
 */
/** host, host:port, [v6] or [v6]:port, as a Host header carries it. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const ORIGIN =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export const MIN_ACCESS_TOKEN_LENGTH = 32;

export const HTTP_SETTINGS = {
  http: defineSetting({
    flag: "http",
    kind: onOff,
    default: false,
    description:
      "team mode: serve MCP over Streamable HTTP at `/mcp` (stateless) instead of stdio; see Team mode",
  }),
  host: defineSetting({
    env: "SKYBACKUP_HTTP_HOST",
    flag: "host",
    kind: text("ADDRESS", {
      pattern: /^(?:[a-z0-9.-]{1,253}|[0-9a-f:]{2,39})$/i,
      says: "must be an IP address or a host name such as 0.0.0.0 or 127.0.0.1",
    }),
    default: "127.0.0.1",
    description: "`--http`: address to listen on; anything but loopback needs access control",
  }),
  port: defineSetting({
    env: "SKYBACKUP_HTTP_PORT",
    flag: "port",
    kind: wholeNumber(0, 65_535),
    default: 3000,
    description: "`--http`: port to listen on; 0 picks a free one (the log line names it)",
  }),
  accessTokens: defineSetting<readonly string[]>({
    env: "SKYBACKUP_HTTP_TOKENS",
    secret: true,
    kind: secretList(MIN_ACCESS_TOKEN_LENGTH),
    default: Object.freeze([]),
    shownDefault: "none",
    description: `\`--http\` with a shared \`SKYSQL_API_KEY\`: access tokens clients send as \`Authorization: Bearer\`, comma-separated, ${MIN_ACCESS_TOKEN_LENGTH}+ characters each`,
  }),
  allowedHosts: defineSetting<readonly string[] | undefined>({
    env: "SKYBACKUP_HTTP_ALLOWED_HOSTS",
    flag: "allowed-hosts",
    kind: nameList(HOST_NAME, "a host name such as mcp.example.com", "a,b"),
    default: undefined,
    shownDefault: "loopback names on a loopback address, else any",
    description: "`--http`: Host header values accepted (DNS-rebinding protection)",
  }),
  allowedOrigins: defineSetting<readonly string[] | undefined>({
    env: "SKYBACKUP_HTTP_ALLOWED_ORIGINS",
    flag: "allowed-origins",
    kind: nameList(ORIGIN, "an origin such as https://app.example.com", "a,b"),
    default: undefined,
    shownDefault: "loopback origins",
    description:
      "`--http`: browser Origin values accepted; a request with any other Origin is refused",
  }),
  oauthIssuer: defineSetting<string | undefined>({
    env: "SKYBACKUP_OAUTH_ISSUER",
    flag: "oauth-issuer",
    kind: httpUrl("https://login.example.com"),
    default: undefined,
    shownDefault: "none",
    description:
      "`--http` with a shared key: also accept bearer JWTs from this OAuth 2.1 issuer (signature, `iss`, `aud`, expiry checked)",
  }),
  oauthAudience: defineSetting<string | undefined>({
    env: "SKYBACKUP_OAUTH_AUDIENCE",
    flag: "oauth-audience",
    kind: httpUrl("https://mcp.example.com/mcp"),
    default: undefined,
    shownDefault: "none",
    description:
      "with `--oauth-issuer`: this server's public MCP URL, required in the token's `aud`; published in `/.well-known/oauth-protected-resource`",
  }),
  oauthJwksUrl: defineSetting<string | undefined>({
    env: "SKYBACKUP_OAUTH_JWKS_URL",
    flag: "oauth-jwks-url",
    kind: httpUrl("https://login.example.com/.well-known/jwks.json"),
    default: undefined,
    shownDefault: "from the issuer's metadata",
    description: "with `--oauth-issuer`: where the issuer's signing keys are",
  }),
  oauthScope: defineSetting<string | undefined>({
    env: "SKYBACKUP_OAUTH_SCOPE",
    flag: "oauth-scope",
    kind: text("SCOPE", {
      pattern: /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/,
      says: "must be one OAuth scope token, such as skybackup",
    }),
    default: undefined,
    shownDefault: "none",
    description:
      "with `--oauth-issuer`: a scope the token must carry (`scope` or `scp`); without it, 403 `insufficient_scope`",
  }),
  credentialsDir: defineSetting<string | undefined>({
    env: "SKYBACKUP_HTTP_CREDENTIALS_DIR",
    flag: "credentials-dir",
    kind: text("DIR", {
      // eslint-disable-next-line no-control-regex -- a path is one line of text
      pattern: /^\/[^\u0000-\u001f\u007f]{0,4095}$/,
      says: "must be an absolute path to a folder, such as /etc/skybackup/keys",
    }),
    default: undefined,
    shownDefault: "none: callers pass credentials inline",
    description:
      "`--http`: the one folder whose files callers may name as `credentials_file` (regular files owned by the server's user, no links); without it the server reads no file for a caller",
  }),
  // 64: an assistant holds a connection or two, so a NAT of a few dozen users fits, while
  // filling the replica's 1,000 takes 16 addresses (and idle ones are cut short past 800).
  connectionsPerAddress: defineSetting({
    env: "SKYBACKUP_HTTP_CONNECTIONS_PER_ADDRESS",
    flag: "connections-per-address",
    kind: wholeNumber(0, 1_000),
    default: 64,
    description:
      "`--http`: connections one client address (IPv6: one /64) may hold open; the next is closed unread; 0: no cap. Behind a load balancer every connection is the balancer's: set 0 and limit clients there",
  }),
  metricsPort: defineSetting<number | undefined>({
    env: "SKYBACKUP_METRICS_PORT",
    flag: "metrics-port",
    kind: wholeNumber(0, 65_535),
    default: undefined,
    shownDefault: "off",
    description:
      "`--http`: serve Prometheus metrics at `/metrics` on this port of `--host`, apart from `/mcp` and without its access control (tool calls, API requests, retries, confirmation refusals; no key, id or name in a label); 0 picks a free one (the log line names it)",
  }),
};

export type HttpConfig = Values<typeof HTTP_SETTINGS>;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const isLoopback = (host: string): boolean =>
  LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** A shared key is guarded by access tokens or OAuth; unguarded, anyone who reaches the port uses it. */
export const sharedKeyGuarded = (http: HttpConfig): boolean =>
  http.accessTokens.length > 0 || http.oauthIssuer !== undefined;

/**
 * Options of one command only, described once like the server's settings.
 * They are flags without a variable: they belong to one run, not to a setup.
 */
/** `audit` flags: one to one onto audit_backups' arguments, with the same ranges. */
export const AUDIT_OPTIONS = {
  max_age_hours: defineSetting<number | undefined>({
    flag: "max-age-hours",
    kind: wholeNumber(AUDIT_LIMITS.max_age_hours.min, AUDIT_LIMITS.max_age_hours.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "recovery-point target: the newest successful backup must be younger",
  }),
  lookback_days: defineSetting<number | undefined>({
    flag: "lookback-days",
    kind: wholeNumber(AUDIT_LIMITS.lookback_days.min, AUDIT_LIMITS.lookback_days.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "days of history to check",
  }),
  max_full_age_days: defineSetting<number | undefined>({
    flag: "max-full-age-days",
    kind: wholeNumber(AUDIT_LIMITS.max_full_age_days.min, AUDIT_LIMITS.max_full_age_days.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "the newest full, snapshot or dump backup must be younger",
  }),
  require_restore_drill_days: defineSetting<number | undefined>({
    flag: "require-restore-drill-days",
    kind: wholeNumber(
      AUDIT_LIMITS.require_restore_drill_days.min,
      AUDIT_LIMITS.require_restore_drill_days.max,
    ),
    default: undefined,
    shownDefault: "unset: info after 30 days",
    description:
      "warn (exit 1) when no restore from a service's backups succeeded within this many days",
  }),
  suspect_shrink_percent: defineSetting<number | undefined>({
    flag: "suspect-shrink-percent",
    kind: wholeNumber(
      AUDIT_LIMITS.suspect_shrink_percent.min,
      AUDIT_LIMITS.suspect_shrink_percent.max,
    ),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "a full, snapshot or dump this many percent under its type's median is suspect",
  }),
  growth_factor: defineSetting<number | undefined>({
    flag: "growth-factor",
    kind: wholeNumber(AUDIT_LIMITS.growth_factor.min, AUDIT_LIMITS.growth_factor.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "info when a type's newest base is over this many times the one a week before",
  }),
};

const SERVICE_ID = {
  pattern: SERVICE_ID_PATTERN,
  says: "must be a service id such as dbtgf28216706",
};
const DRILL_HOW = "skybackup-mcp drill --source <id> --target <scratch id> --yes";

/** `drill` flags: what to restore into what, and the one explicit yes to erase the target. */
export const DRILL_OPTIONS = {
  source: defineSetting({
    flag: "source",
    kind: text("ID", SERVICE_ID),
    default: "",
    required: `name the service whose backups the drill proves: ${DRILL_HOW}`,
    description: "service whose backups are restored",
  }),
  target: defineSetting({
    flag: "target",
    kind: text("ID", SERVICE_ID),
    default: "",
    required: `name a scratch service to restore into (its data is erased): ${DRILL_HOW}`,
    description: "scratch service restored INTO: all its data is erased; never the source",
  }),
  time: defineSetting({
    flag: "time",
    kind: text("TIME", {
      pattern: { test: (v: string) => v === "latest" || isTimeInput(v) },
      says: `must be "latest" or ${TIME_INPUT_HELP}`,
    }),
    default: "latest",
    description: "point in time to restore, as `plan_restore` takes it (UTC)",
  }),
  yes: defineSetting({
    flag: "yes",
    kind: onOff,
    default: false,
    description: "required: agree that the target's data is erased",
  }),
  maxWaitMinutes: defineSetting({
    flag: "max-wait-minutes",
    kind: wholeNumber(1, 1440),
    default: 360,
    description: "give up following the restore after this long (exit 3; the restore goes on)",
  }),
};

export type DrillConfig = Values<typeof DRILL_OPTIONS>;

export const EMULATOR_OPTIONS = {
  port: defineSetting({
    flag: "port",
    kind: wholeNumber(0, 65_535),
    default: 8080,
    description: "port to listen on; 0 picks a free one",
  }),
  host: defineSetting({
    flag: "host",
    kind: text("HOST"),
    default: "127.0.0.1",
    description: "address to listen on",
  }),
  seed: defineSetting({
    flag: "seed",
    kind: wholeNumber(0, 2 ** 31 - 1),
    default: 42,
    description: "seed of the generated data",
  }),
  backups: defineSetting<number | undefined>({
    flag: "backups",
    kind: wholeNumber(1, 5_000_000),
    default: undefined,
    shownDefault: "the demo set",
    description: "backups to generate",
  }),
  services: defineSetting<number | undefined>({
    flag: "service-count",
    kind: wholeNumber(6, 10_000),
    default: undefined,
    shownDefault: "the demo set",
    description: "services to generate",
  }),
  perKeyAccounts: defineSetting({
    flag: "per-key-accounts",
    kind: onOff,
    default: false,
    description:
      "accept any API key, each with its own generated account (try team mode's per-user keys); keys starting `revoked` get 401",
  }),
};

export type EmulatorConfig = Values<typeof EMULATOR_OPTIONS>;

/** Switches that are not settings: they pick what a run prints. */
export const GENERAL_FLAGS = [
  {
    flag: "json",
    description: "`call`, `audit` and `drill`: print the structured result as JSON",
  },
  { flag: "help", short: "h", description: "show this help" },
  { flag: "version", short: "v", description: "print the version" },
] as const;

/** The MCP server's settings from env and flags: the table, then the rules that span settings. */
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
