/**
 * Team mode's settings (`--http`): where the Streamable HTTP endpoint listens
 * and who may use it. Read only when --http is given; described once here so
 * the parser, --help and the README table follow.
 */
import { httpUrl, nameList, onOff, secretList, text, wholeNumber } from "./kinds.js";
import { defineSetting, type Values } from "./setting.js";

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
