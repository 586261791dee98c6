import { z } from "zod";
import { defineTool, confirmationToken } from "../define.js";
import { cancelRestoreOutput } from "../outputs.js";
import { ToolError } from "../../util/tool-error.js";
import { apiTimeText } from "../../util/format.js";
import { parseApiTime } from "../../util/time.js";
import {
  NOT_FOUND_RESTORE_HINT,
  fetchScopedRestore,
  restoreId,
  durationText,
  isFinished,
  sourceText,
  targetText,
} from "./restore-view.js";

export const cancelRestore = defineTool({
  name: "cancel_restore",
  title: "Cancel a running restore",
  description:
    "Cancel a running restore; its target is left partly restored. Previews first (confirmation_token).",
  kind: "delete",
  instruction: "cancel_restore",
  input: z.strictObject({ id: restoreId, confirmation_token: confirmationToken }),
  output: cancelRestoreOutput,
  unknownOutcomeHint: "Before repeating, check with get_restore (Cancelled means it went through).",
  statusHints: {
    404: NOT_FOUND_RESTORE_HINT,
    400: "Only a running restore can be cancelled: get_restore shows its status.",
  },
  async run({ id, confirmation_token }, ctx) {
    const restore = await fetchScopedRestore(id, ctx);
    const target = targetText(restore);
    if (isFinished(restore))
      throw new ToolError(
        `restore ${id} into ${target} already finished (${restore.status}); only a running restore can be cancelled. Nothing was sent.`,
      );
    const created = parseApiTime(restore.created_at);
    const running =
      created === undefined
        ? "running for an unknown time"
        : `running for ${durationText(Math.max(0, ctx.now().getTime() - created))}`;
    const decision = await ctx.confirm({
      tool: "cancel_restore",
      target: id,
      args: { id },
      // Bound to what the user saw: a restore that finished or changed since is a new question.
      state: {
        status: restore.status,
        updated_at: restore.updated_at,
        service_id: restore.service_id,
      },
      stateLabel: `restore #${id}`,
      token: confirmation_token,
      summary: `Cancel restore #${id} into ${target}.`,
      details: [
        `Restore #${id}: ${restore.status ?? "status ?"}, from ${sourceText(restore)}, started ${created === undefined ? "at an unknown time" : apiTimeText(restore.created_at)}, ${running}.`,
        `Warning: cancelling leaves the data of ${restore.service_id ?? "the target"} in an unknown state (a partially restored service): restore it again, or from a known-good backup, before using it.`,
      ],
      preview: { id, cancelled: false, restore },
    });
    if (!decision.proceed) return decision.output;
    await ctx.api.cancelRestore(id, { signal: ctx.signal });
    return {
      structured: { id, cancelled: true, service_id: restore.service_id },
      text: `Cancelled restore #${id} into ${target}. Its data may be incomplete: restore it again, or from a known-good backup, before using it.`,
    };
  },
});
