/**
 * OAuth 2.1 resource-server side, for a shared key (MCP authorization spec):
 * a bearer JWT from the configured issuer, signed by a key in its JWKS, naming
 * this server as its audience and not expired, grants use of the shared key.
 * The server publishes /.well-known/oauth-protected-resource so clients can
 * find the issuer. Only asymmetric algorithms are accepted: an HMAC or "none"
 * token could be made by anyone who knows the issuer's public material.
 */
import { createHash } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Caller } from "./credentials.js";
import type { Problem } from "./problem.js";

export interface OAuthOptions {
  issuer: string;
  /** This server's public MCP URL; tokens must carry it in `aud`. */
  audience: string;
  /** Where the issuer's keys are; by default read from its metadata. */
  jwksUrl: string | undefined;
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
const METADATA_PATHS = [
  "/.well-known/oauth-authorization-server",
  "/.well-known/openid-configuration",
];

export class OAuthVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly options: OAuthOptions) {}

  /** RFC 9728 metadata for this resource. */
  metadata(): Record<string, unknown> {
    return {
      resource: this.options.audience,
      authorization_servers: [this.options.issuer],
      bearer_methods_supported: ["header"],
    };
  }

  /** Where a 401 points the client (WWW-Authenticate resource_metadata). */
  metadataUrl(): string {
    const url = new URL(this.options.audience);
    const path = url.pathname === "/" ? "" : url.pathname;
    return `${url.origin}/.well-known/oauth-protected-resource${path}`;
  }

  async verify(token: string, shared: Omit<Caller, "label">): Promise<Caller | Problem> {
    let subject: string;
    try {
      const { payload } = await jwtVerify(token, await this.getKeys(), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
      });
      subject = typeof payload.sub === "string" ? payload.sub : "";
    } catch (error) {
      return this.unauthorized(reason(error));
    }
    const label = `sub:${createHash("sha256").update(subject).digest("hex").slice(0, 10)}`;
    return { ...shared, label };
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

  private getKeys(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.jwksUrl().then((url) => createRemoteJWKSet(new URL(url)));
    // A failed discovery is tried again on the next request, not remembered.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  private async jwksUrl(): Promise<string> {
    if (this.options.jwksUrl) return this.options.jwksUrl;
    const issuer = this.options.issuer.replace(/\/+$/, "");
    for (const path of METADATA_PATHS) {
      const response = await fetch(issuer + path, { signal: AbortSignal.timeout(5_000) }).catch(
        () => undefined,
      );
      if (!response?.ok) continue;
      const metadata = (await response.json().catch(() => ({}))) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri === "string") return metadata.jwks_uri;
    }
    throw new Error("the issuer publishes no jwks_uri");
  }
}

/** What went wrong, in words that carry nothing of the token. */
function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the access token has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the access token's "${error.claim}" claim is not accepted here`;
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  )
    return "the access token's signature does not match the issuer's keys";
  if (error instanceof errors.JWKSTimeout)
    return "the issuer's keys could not be fetched; try again shortly";
  if (error instanceof errors.JOSEAlgNotAllowed)
    return "the access token's algorithm is not accepted";
  if (error instanceof errors.JOSEError)
    return "the access token is not a valid JWT from the issuer";
  return "the issuer's keys could not be fetched; try again shortly";
}
