/**
 * Who a request is, from its headers alone (nothing is remembered between
 * requests). Two modes:
 * - per user: the request carries its user's MariaDB Cloud key
 *   (`Authorization: Bearer` or `X-API-Key`) and maybe `X-MDB-Org`;
 * - shared key: the server holds the key, and a request proves it may use
 *   it with one of the server's access tokens (compared in constant time).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { hasControlCharacters } from "../util/control-chars.js";
import type { Problem } from "./problem.js";

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
