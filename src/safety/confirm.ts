/**
 * The confirmation gate in front of destructive tools. It fails closed: a
 * call goes ahead only with confirmation turned off (--confirm never), a
 * valid single-use token from an earlier preview, or an explicit "yes" from
 * the user through elicitation. Anything else returns a preview or refuses.
 * A request marked alwaysConfirm ignores --confirm never: some changes
 * (a restore erasing its target) are never run on the assistant's word alone.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Schedule } from "../api/records.js";
import type { ConfirmMode } from "../config/config.js";
import { isoSeconds, utcText } from "../util/format.js";
import { metrics } from "../util/metrics.js";
import { ToolError } from "../util/tool-error.js";

class ConfirmationError extends ToolError {
  override name = "ConfirmationError";
}

interface ConfirmRequest {
  tool: string;
  target: number | string;
  /** The call's arguments without confirmation_token: the token is bound to them. */
  args: Record<string, unknown>;
  /** A fingerprint of what the preview shows (see scheduleFingerprint): the token is bound to it too. */
  state: unknown;
  /** Names that state in a refusal: "schedule #12", "the schedules of dbxyz". */
  stateLabel: string;
  token: string | undefined;
  /** One sentence: what will happen. */
  summary: string;
  /** Lines shown under the summary (the current state, what changes). */
  details: string[];
  /** Structured preview (current schedule, changes). */
  preview: Record<string, unknown>;
  /** Preview even under --confirm never: only the token or the user's yes runs it. */
  alwaysConfirm?: boolean;
  /** When relative arguments ("-3h") were read: the token carries it (see previewClock). */
  readAt?: number;
  /** Added to a token refusal: what the arguments meant when read (a pinned time). */
  refusalNote?: string;
}

/** What the gate answers instead of running the call: the preview, or why a token was refused. */
interface GateAnswer {
  readonly structured: Record<string, unknown>;
  readonly text: string;
}

type ConfirmDecision = { proceed: true } | { proceed: false; output: GateAnswer };

/** Asks the user; undefined when the client cannot be asked. */
export type AskUser = (message: string) => Promise<boolean> | undefined;

export interface ConfirmGate {
  (request: ConfirmRequest): Promise<ConfirmDecision>;
  /**
   * The moment the preview that issued `token` read relative arguments at, when
   * the token is genuine and carries one: a repeat of "-3h" reads it at that
   * moment, so it means the point the user agreed to, on any replica.
   */
  previewClock(token: string): number | undefined;
}

export function createConfirmGate(
  mode: ConfirmMode,
  tokens: ConfirmationTokens,
  askUser: AskUser,
): ConfirmGate {
  const gate = async (request: ConfirmRequest): Promise<ConfirmDecision> => {
    if (mode === "never" && request.alwaysConfirm !== true) return { proceed: true };
    if (request.token !== undefined) {
      const redemption = tokens.redeem(request, request.token);
      if (redemption.ok) return { proceed: true };
      metrics().confirmationRefused(redemption.cause);
      if (redemption.cause === "state")
        return { proceed: false, output: changedSincePreview(request, tokens) };
      const note = request.refusalNote === undefined ? "" : ` ${request.refusalNote}`;
      throw new ConfirmationError(
        `confirmation_token refused: ${redemption.reason}.${note} Nothing was changed. Call ${request.tool} without confirmation_token for a fresh preview.`,
      );
    }
    const asked = askUser([request.summary, ...request.details].join("\n"));
    if (asked !== undefined) {
      let answer: boolean | undefined;
      try {
        answer = await asked;
      } catch {
        answer = undefined; // The client could not ask after all: fall back to a preview, never to running.
      }
      if (answer === true) return { proceed: true };
      if (answer === false) {
        metrics().confirmationRefused("declined");
        throw new ConfirmationError(
          `The user did not confirm: ${request.summary} Nothing was changed.`,
        );
      }
    }
    return { proceed: false, output: previewOutput(request, tokens) };
  };
  return Object.assign(gate, { previewClock: (token: string) => tokens.readAtOf(token) });
}

/**
 * The user agreed to something that no longer exists: run nothing, and show
 * what is there now as a new preview (its token in structuredContent, like
 * any preview) that the user has to confirm again.
 */
function changedSincePreview(request: ConfirmRequest, tokens: ConfirmationTokens): GateAnswer {
  const fresh = previewOutput(request, tokens);
  return {
    structured: { ...fresh.structured, token_refused: "state_changed" },
    text: [
      `confirmation_token refused: ${request.stateLabel} changed since the preview (changed by someone else, or the token was already used). Nothing was changed.`,
      "Below is a fresh preview of the current state: the user must confirm it again before the new token is used.",
      fresh.text,
    ].join("\n"),
  };
}

function previewOutput(request: ConfirmRequest, tokens: ConfirmationTokens): GateAnswer {
  const { token, expiresAt } = tokens.issue(request);
  const minutes = Math.round(TOKEN_TTL_MS / 60_000);
  return {
    structured: {
      ...request.preview,
      confirmation_required: true,
      confirmation_token: token,
      expires_at: isoSeconds(expiresAt),
    },
    text: [
      `CONFIRMATION NEEDED - nothing has changed yet. ${request.summary}`,
      ...request.details,
      `To go ahead, confirm with the user, then call ${request.tool} again with the same arguments plus confirmation_token: "${token}" (single use, valid ${minutes} minutes, until ${utcText(expiresAt)}).`,
    ].join("\n"),
  };
}

/**
 * Confirmation tokens for destructive calls. A token is signed with a key
 * derived from the configured API key and organisation, so any process set
 * up with the same credentials (a restarted server, the CLI's `call`, another
 * replica) can verify it, and nobody without the API key can forge one.
 *
 * It carries short hashes of the call's arguments and of the state the
 * preview showed (the schedule's fields and updated_at). A change that was
 * applied changes that state, so a token cannot run twice even in another
 * process; the hashes also let a refusal name its real cause.
 */
const TOKEN_TTL_MS = 5 * 60 * 1000;

/** Domain separation: this HMAC of the API key is good for nothing but signing tokens. */
const KEY_LABEL = "skybackup-mcp confirmation tokens v1";

/** The signing key for a set of credentials; the API key itself never leaves this function. */
export function confirmationKey(apiKey: string, orgId: string | undefined): Buffer {
  return createHmac("sha256", apiKey)
    .update(`${KEY_LABEL}\n${orgId ?? ""}`)
    .digest();
}

export interface TokenSubject {
  tool: string;
  target: string | number;
  args: Record<string, unknown>;
  /** What the preview showed; the token is good only while it is unchanged. */
  state: unknown;
  /**
   * The moment the preview read relative arguments ("-3h") at. The token carries
   * it, signed, so a repeat of the same words reads them at the same moment on
   * any replica; what they meant is bound through `args` like any argument.
   */
  readAt?: number;
}

type RefusalCause = "malformed" | "foreign" | "arguments" | "expired" | "used" | "state";

export type Redemption = { ok: true } | { ok: false; cause: RefusalCause; reason: string };

const REASONS: Record<RefusalCause, string> = {
  malformed: "the token is malformed; copy it exactly from the preview",
  foreign:
    "the token is malformed or was not issued with these credentials (this API key and organisation)",
  arguments:
    "the token was issued for different arguments (another tool, target or value); repeat the previewed call exactly",
  expired: `the token has expired (tokens are valid ${TOKEN_TTL_MS / 60_000} minutes)`,
  used: "the token was already used",
  state:
    "the state it previewed has changed since (changed by someone else, or the token was already used)",
};

export class ConfirmationTokens {
  private readonly used = new Map<string, number>();

  /** Without a key (tests, embedders) tokens are good only in this process. */
  constructor(
    private readonly key: Buffer = randomBytes(32),
    private readonly now: () => number = Date.now,
  ) {}

  issue(subject: TokenSubject): { token: string; expiresAt: number } {
    const expiresAt = this.now() + TOKEN_TTL_MS;
    const nonce = randomBytes(9).toString("base64url");
    const body = [expiresAt.toString(36), nonce, argsHash(subject), shortHash(subject.state)];
    if (subject.readAt !== undefined) body.push(subject.readAt.toString(36));
    return { token: [...body, this.sign(body)].join("."), expiresAt };
  }

  /**
   * The moment a genuine token's preview read relative arguments at, expired or
   * not (redeem names the expiry); undefined for a token that carries none or
   * that these credentials did not sign.
   */
  readAtOf(token: string): number | undefined {
    const parts = token.split(".");
    if (parts.length !== 6 || parts.some((part) => part.length === 0)) return undefined;
    const body = parts.slice(0, 5);
    if (!this.isSigned(body, parts[5] ?? "")) return undefined;
    const readAt = parseInt(parts[4] ?? "", 36);
    return Number.isSafeInteger(readAt) ? readAt : undefined;
  }

  redeem(subject: TokenSubject, token: string): Redemption {
    this.forgetExpired();
    const parts = token.split(".");
    // A sixth part, before the signature, is the moment relative arguments were read at.
    const [expiryText, nonce, args, state] = parts;
    const signature = parts.at(-1);
    if (parts.length < 5 || parts.length > 6 || parts.some((part) => part.length === 0))
      return refuse("malformed");
    if (!expiryText || !nonce || !args || !state || !signature) return refuse("malformed");
    if (!this.isSigned(parts.slice(0, -1), signature)) return refuse("foreign");
    if (args !== argsHash(subject)) return refuse("arguments");
    const expiresAt = parseInt(expiryText, 36);
    if (!(this.now() <= expiresAt)) return refuse("expired");
    if (this.used.has(nonce)) return refuse("used");
    if (state !== shortHash(subject.state)) return refuse("state");
    this.used.set(nonce, expiresAt);
    return { ok: true };
  }

  private isSigned(body: readonly string[], signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(body: readonly string[]): string {
    return createHmac("sha256", this.key).update(body.join(".")).digest("base64url");
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.used) if (expiresAt < now) this.used.delete(nonce);
  }
}

function refuse(cause: RefusalCause): Redemption {
  return { ok: false, cause, reason: REASONS[cause] };
}

function argsHash(subject: TokenSubject): string {
  return shortHash([subject.tool, String(subject.target), subject.args]);
}

/** 72 bits: enough to tell states apart; the signature, not this, is what stops forgery. */
function shortHash(value: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(value)) ?? "undefined")
    .digest("base64url")
    .slice(0, 12);
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

/**
 * The state a confirmation token is bound to: what a schedule does and when
 * it last changed. Status and message are left out: they move when a backup
 * runs, which is not a change anyone has to confirm again.
 */
const FIELDS = [
  "id",
  "service_id",
  "type",
  "schedule",
  "suspended",
  "created_at",
  "updated_at",
  "is_external_storage",
  "labels",
] as const;

export function scheduleFingerprint(schedule: Schedule): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((field) => [field, schedule[field]]));
}

/** Every schedule of a service, in id order, so the listing order does not matter. */
export function schedulesFingerprint(schedules: readonly Schedule[]): Record<string, unknown>[] {
  return schedules
    .map(scheduleFingerprint)
    .sort((a, b) => String(a.id).localeCompare(String(b.id), "en", { numeric: true }));
}
