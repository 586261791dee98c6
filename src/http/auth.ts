/**
 * OAuth 2.1 resource-server side, for a shared key (MCP authorization spec):
 * a bearer JWT from the configured issuer, signed by a key in its JWKS, naming
 * this server as its audience and not expired, grants use of the shared key.
 * The server publishes /.well-known/oauth-protected-resource so clients can
 * find the issuer. Only asymmetric algorithms are accepted: an HMAC or "none"
 * token could be made by anyone who knows the issuer's public material.
 *
 * Scopes grant capability: `backups:write` the writes and restores, anything
 * else (`backups:read`, or no capability scope at all, as every token had
 * before these scopes existed) the read tools only, so no token gets writes
 * it was not given. The operator's own scope (SKYBACKUP_OAUTH_SCOPE), if set,
 * still gates every token first, as before.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import type { Problem } from "./team-server.js";
import { hasControlCharacters } from "../util/untrusted-text.js";

export interface OAuthOptions {
  issuer: string;
  /** This server's public MCP URL; tokens must carry it in `aud`. */
  audience: string;
  /** Where the issuer's keys are; by default read from its metadata. */
  jwksUrl: string | undefined;
  /** A scope every token must carry, if set. */
  scope?: string;
  /** The server has static access tokens too: a refusal then names both kinds. */
  staticTokens?: boolean;
  /** Where an operator learns why the issuer's keys could not be had (stderr). */
  log?: (message: string) => void;
}

const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];
/** Scopes a token carries for what it may do; read is named for issuers, which grant scopes they publish. */
const READ_SCOPE = "backups:read";
export const WRITE_SCOPE = "backups:write";
const RETRY_DISCOVERY_MS = 10_000;
const METADATA_PATHS = [
  "/.well-known/oauth-authorization-server",
  "/.well-known/openid-configuration",
];

export class OAuthVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  private failedAt: number | undefined;

  constructor(private readonly options: OAuthOptions) {}

  /** RFC 9728 metadata for this resource. */
  metadata(): Record<string, unknown> {
    return {
      resource: this.options.audience,
      authorization_servers: [this.options.issuer],
      bearer_methods_supported: ["header"],
      scopes_supported: [
        ...new Set([
          ...(this.options.scope !== undefined ? [this.options.scope] : []),
          READ_SCOPE,
          WRITE_SCOPE,
        ]),
      ],
    };
  }

  /** Where a 401 points the client (WWW-Authenticate resource_metadata). */
  metadataUrl(): string {
    const url = new URL(this.options.audience);
    const path = url.pathname === "/" ? "" : url.pathname;
    return `${url.origin}/.well-known/oauth-protected-resource${path}`;
  }

  async verify(token: string, shared: Omit<Caller, "label">): Promise<Caller | Problem> {
    // Junk is refused before anything is fetched: a bad bearer must not make the issuer wait on us.
    try {
      decodeProtectedHeader(token);
    } catch {
      return this.unauthorized(
        this.options.staticTokens
          ? "the access token is neither one of this server's access tokens nor a JWT from the issuer"
          : "the access token is not a valid JWT from the issuer",
      );
    }
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.getKeys();
    } catch {
      return keysUnavailable();
    }
    let subject: string;
    let mayWrite: boolean;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        // jose checks exp only when present; a token that never expires is not accepted.
        requiredClaims: ["exp"],
      });
      subject = typeof payload.sub === "string" ? payload.sub : "";
      const scopes = scopesOf(payload);
      const { scope } = this.options;
      if (scope !== undefined && !scopes.includes(scope)) return this.insufficientScope(scope);
      mayWrite = scopes.includes(WRITE_SCOPE);
    } catch (error) {
      if (keysFailed(error)) {
        this.options.log?.(
          `OAuth: the issuer's signing keys could not be read: ${describe(error)}`,
        );
        return keysUnavailable();
      }
      return this.unauthorized(reason(error));
    }
    const label = `sub:${createHash("sha256").update(subject).digest("hex").slice(0, 10)}`;
    return { ...shared, label, readOnly: !mayWrite };
  }

  /** RFC 6750: a valid token without the scope this server needs. */
  private insufficientScope(scope: string): Problem {
    return {
      status: 403,
      message: `Forbidden: the access token lacks the scope "${scope}"; ask your identity provider for it`,
      headers: {
        "www-authenticate": `Bearer realm="skybackup-mcp", error="insufficient_scope", scope="${scope}", resource_metadata="${this.metadataUrl()}"`,
      },
    };
  }

  unauthorized(message: string): Problem {
    return {
      status: 401,
      message: `Unauthorized: ${message}`,
      headers: {
        "www-authenticate": `Bearer realm="skybackup-mcp", resource_metadata="${this.metadataUrl()}"`,
      },
    };
  }

  /**
   * The issuer's key set, found once. A failed discovery is remembered for
   * RETRY_DISCOVERY_MS, so an issuer that is down costs each request nothing.
   */
  private getKeys(): Promise<JWTVerifyGetKey> {
    const now = Date.now();
    if (
      this.keys === undefined ||
      (this.failedAt !== undefined && now - this.failedAt > RETRY_DISCOVERY_MS)
    ) {
      this.failedAt = undefined;
      this.keys = this.jwksUrl().then((url) => createRemoteJWKSet(new URL(url)));
      this.keys.catch((error: unknown) => {
        this.failedAt = Date.now();
        this.options.log?.(`OAuth: discovery at ${this.options.issuer} failed: ${describe(error)}`);
      });
    }
    return this.keys;
  }

  private async jwksUrl(): Promise<string> {
    if (this.options.jwksUrl) return this.options.jwksUrl;
    const issuer = this.options.issuer.replace(/\/+$/, "");
    for (const path of METADATA_PATHS) {
      const response = await fetch(issuer + path, { signal: AbortSignal.timeout(3_000) }).catch(
        () => undefined,
      );
      if (!response?.ok) continue;
      const metadata = (await response.json().catch(() => ({}))) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri === "string") return metadata.jwks_uri;
    }
    throw new Error("the issuer publishes no jwks_uri");
  }
}

/** The token's scopes: `scope` (space-separated, RFC 8693/9068) or `scp` (a list, as some issuers send). */
function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === "string") return payload.scope.split(" ").filter(Boolean);
  const scp = payload.scp;
  return Array.isArray(scp) ? scp.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The key set, not the token, failed: a timeout, a JWKS that is not one, or
 * jose's generic error, which is what a non-200 or unparsable JWKS answer
 * raises (token faults all have classes of their own).
 */
function keysFailed(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === "ERR_JOSE_GENERIC"
  );
}

/** For the operator's log: the error's class and message (neither holds the token). */
const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";

/** What went wrong, in words that carry nothing of the token. */
function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the access token has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the access token's "${error.claim}" claim is missing or not accepted here`;
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  )
    return "the access token's signature does not match the issuer's keys";
  if (error instanceof errors.JOSEAlgNotAllowed)
    return "the access token's algorithm is not accepted";
  return "the access token is not a valid JWT from the issuer";
}

/** Our side's failure, not the caller's token: 503, so a client retries instead of signing in again. */
const keysUnavailable = (): Problem => ({
  status: 503,
  message:
    "Service Unavailable: the OAuth issuer's signing keys could not be fetched; retry shortly",
  headers: { "retry-after": "10" },
});

/**
 * A user's key, tried once when their client connects. initialize and
 * tools/list need no API call, so a wrong key would otherwise look connected
 * until the first tool call fails. One read of one backup asks the API; only
 * its definite "this key is not valid" (401) refuses the connection. An API
 * that is down, slow or says 403 (a valid key with a narrow role) does not:
 * the calls themselves will say what is wrong.
 */
const CHECK_TIMEOUT_MS = 5_000;

/** True for an initialize request (alone or in a batch). */
export function isInitialize(body: unknown): boolean {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message === "object" &&
      message !== null &&
      (message as { method?: unknown }).method === "initialize",
  );
}

/** "accepted", "unknown" (the API did not say), or the refusal when it rejects the key. */
export async function checkKey(api: BackupsApi): Promise<"accepted" | "unknown" | Problem> {
  try {
    await api.listBackups({ page_size: 1 }, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    return "accepted";
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) return "unknown";
    return {
      status: 401,
      message:
        "Unauthorized: MariaDB Cloud rejected this API key; put a valid key (MariaDB Cloud portal > API keys) in your client's Authorization: Bearer or X-API-Key header",
      headers: { "www-authenticate": 'Bearer realm="skybackup-mcp", error="invalid_token"' },
    };
  }
}

/**
 * Who a request is, from its headers alone (nothing is remembered between
 * requests). Two modes:
 * - per user: the request carries its user's MariaDB Cloud key
 *   (`Authorization: Bearer` or `X-API-Key`) and maybe `X-MDB-Org`;
 * - shared key: the server holds the key, and a request proves it may use
 *   it with one of the server's access tokens (compared in constant time).
 */
export interface Caller {
  readonly apiKey: string;
  readonly orgId: string | undefined;
  /** Names the caller in the access log without revealing anything: a short hash. */
  readonly label: string;
  /** The caller's grant allows reads only (an OAuth token without the write scope); no header lifts it. */
  readonly readOnly?: boolean;
}

export type CredentialMode =
  | { readonly kind: "per-user"; readonly defaultOrgId: string | undefined }
  | {
      readonly kind: "shared";
      readonly apiKey: string;
      readonly orgId: string | undefined;
      readonly accessTokens: readonly string[];
      /**
       * No access token and no OAuth: anyone who reaches the port is served
       * (loopback only; start-up enforces it). Required, so no caller can
       * forget to say: an OAuth-guarded server has no tokens and is not open.
       */
      readonly open: boolean;
    };

const ORG_ID = /^[\w.-]{1,128}$/;
const MAX_KEY_LENGTH = 1024;
const REALM = 'Bearer realm="skybackup-mcp"';

export function identify(headers: IncomingHttpHeaders, mode: CredentialMode): Caller | Problem {
  const bearer = bearerToken(headers.authorization);
  if (mode.kind === "shared") return sharedCaller(headers, bearer, mode);
  const apiKeyHeader = single(headers["x-api-key"]);
  if (bearer !== undefined && apiKeyHeader !== undefined && bearer !== apiKeyHeader)
    return badRequest(
      "Authorization and X-API-Key carry different keys; send your MariaDB Cloud API key in one of them",
    );
  if (headers.authorization !== undefined && bearer === undefined)
    return unauthorized(
      "the Authorization header must be `Bearer <key>`, the key in one piece; or send the key as X-API-Key",
    );
  const apiKey = bearer ?? apiKeyHeader;
  if (apiKey === undefined || apiKey === "")
    return unauthorized(
      "this server uses each user's own MariaDB Cloud API key: send it as Authorization: Bearer <key> or X-API-Key: <key>",
    );
  if (apiKey.length > MAX_KEY_LENGTH || hasControlCharacters(apiKey))
    return unauthorized("the API key is malformed; copy it again from the MariaDB Cloud portal");
  const org = single(headers["x-mdb-org"]);
  if (org !== undefined && !ORG_ID.test(org))
    return badRequest("X-MDB-Org must be letters, digits, '.', '_' or '-' (up to 128)");
  const orgId = org ?? mode.defaultOrgId;
  return { apiKey, orgId, label: `key:${fingerprint(`${apiKey}\n${orgId ?? ""}`)}` };
}

function sharedCaller(
  headers: IncomingHttpHeaders,
  bearer: string | undefined,
  mode: Extract<CredentialMode, { kind: "shared" }>,
): Caller | Problem {
  // A user who sends their own key must not believe it is the one in use.
  if (headers["x-api-key"] !== undefined || headers["x-mdb-org"] !== undefined)
    return badRequest(
      "this server uses its own shared API key; remove X-API-Key and X-MDB-Org (send the server's access token as Authorization: Bearer)",
    );
  const shared = { apiKey: mode.apiKey, orgId: mode.orgId };
  if (mode.open) {
    // Silently serving a caller who sent a key of their own with the shared one would mislead them.
    if (headers.authorization !== undefined)
      return badRequest(
        "this server uses its own shared API key and needs no token; remove the Authorization header",
      );
    return { ...shared, label: "shared" };
  }
  if (bearer === undefined)
    return unauthorized("send this server's access token as Authorization: Bearer <token>");
  const index = matchingToken(bearer, mode.accessTokens);
  if (index < 0) return unauthorized("the access token is not valid for this server");
  return { ...shared, label: `token:${index + 1}` };
}

/** Every token is compared, each in constant time over equal-length digests: no timing tells which or how much matched. */
function matchingToken(given: string, tokens: readonly string[]): number {
  const digest = sha256(given);
  let found = -1;
  tokens.forEach((token, index) => {
    if (timingSafeEqual(digest, sha256(token)) && found < 0) found = index;
  });
  return found;
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

const sha256 = (text: string): Buffer => createHash("sha256").update(text).digest();

const fingerprint = (text: string): string => sha256(text).toString("hex").slice(0, 10);

const unauthorized = (message: string): Problem => ({
  status: 401,
  message: `Unauthorized: ${message}`,
  headers: { "www-authenticate": REALM },
});

const badRequest = (message: string): Problem => ({
  status: 400,
  message: `Bad Request: ${message}`,
});

export const isProblem = (value: Caller | Problem): value is Problem => "status" in value;
