/**
 * THE settings table of the MCP server (also used by `call` and `audit`).
 * Add a setting here and the parser, --help and the README table follow;
 * `npm run docs:settings` rewrites the README, and a test fails until it does.
 */
import { SERVICE_ID_PATTERN } from "../util/service-id.js";
import { httpUrl, nameList, onOff, oneOf, secretKey, text, wholeNumber } from "./kinds.js";
import { defineSetting, type Values } from "./setting.js";

export const DEFAULT_API_URL = "https://api.skysql.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEMO_API_KEY = "demo-key";
export const CONFIRM_MODES = ["always", "never"] as const;
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
