/**
 * Confirmation tokens for destructive calls. A token is an HMAC (with a
 * secret made fresh for each process) over the tool, the target and the
 * exact arguments, with an expiry and a nonce; each can be redeemed once.
 * Nothing in it can be forged or moved to another call without the secret.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_TTL_MS = 5 * 60 * 1000;

export interface TokenSubject {
  tool: string;
  target: string | number;
  args: Record<string, unknown>;
}

export type Redemption = { ok: true } | { ok: false; reason: string };

export class ConfirmationTokens {
  private readonly secret = randomBytes(32);
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(subject: TokenSubject): { token: string; expiresAt: number } {
    const expiresAt = this.now() + TOKEN_TTL_MS;
    const nonce = randomBytes(9).toString("base64url");
    return {
      token: `${expiresAt.toString(36)}.${nonce}.${this.sign(subject, expiresAt, nonce)}`,
      expiresAt,
    };
  }

  redeem(subject: TokenSubject, token: string): Redemption {
    this.forgetExpired();
    const [expiryText, nonce, signature, ...rest] = token.split(".");
    if (!expiryText || !nonce || !signature || rest.length > 0)
      return { ok: false, reason: "the token is malformed" };
    const expiresAt = parseInt(expiryText, 36);
    const expected = Buffer.from(this.sign(subject, expiresAt, nonce));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: "the token does not match this tool, target and arguments" };
    }
    if (this.now() > expiresAt) return { ok: false, reason: "the token has expired" };
    if (this.used.has(nonce)) return { ok: false, reason: "the token was already used" };
    this.used.set(nonce, expiresAt);
    return { ok: true };
  }

  private sign(subject: TokenSubject, expiresAt: number, nonce: string): string {
    const payload = JSON.stringify([
      subject.tool,
      String(subject.target),
      canonical(subject.args),
      expiresAt,
      nonce,
    ]);
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.used) if (expiresAt < now) this.used.delete(nonce);
  }
}

/** Key order must not matter: {a,b} and {b,a} are the same arguments. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([key, field]) => [key, canonical(field)]);
}
