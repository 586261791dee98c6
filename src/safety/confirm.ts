/**
 * The confirmation gate in front of destructive tools. It fails closed: a
 * call goes ahead only with confirmation turned off (--confirm never), a
 * valid single-use token from an earlier preview, or an explicit "yes" from
 * the user through elicitation. Anything else returns a preview or refuses.
 * A request marked alwaysConfirm ignores --confirm never: some changes
 * (a restore erasing its target) are never run on the assistant's word alone.
 */
import { metrics } from "../util/metrics.js";
import type { ConfirmMode } from "../config/config.js";
import { ConfirmationTokens, TOKEN_TTL_MS } from "./confirmation-tokens.js";
import { ToolError } from "../util/tool-error.js";
import { isoSeconds, utcText } from "../util/format.js";

class ConfirmationError extends ToolError {
  override name = "ConfirmationError";
}

interface ConfirmRequest {
  tool: string;
  target: number | string;
  /** The call's arguments without confirmation_token: the token is bound to them. */
  args: Record<string, unknown>;
  /** A fingerprint of what the preview shows (see fingerprint.ts): the token is bound to it too. */
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
