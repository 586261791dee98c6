import { z } from "zod";
import { defineTool } from "../define.js";
import { getRestoreOutput } from "../outputs.js";
import {
  NOT_FOUND_RESTORE_HINT,
  fetchScopedRestore,
  restoreId,
  durationText,
  finishedDurationMs,
  isFinished,
  isRunning,
  restoreLine,
  runningTiming,
} from "./restore-view.js";

export const getRestore = defineTool({
  name: "get_restore",
  title: "Get a restore",
  description:
    "One restore's status; while Running, how long it has run against the target's past restores.",
  kind: "read",
  instruction: "Is a restore done: get_restore.",
  input: z.strictObject({ id: restoreId }),
  output: getRestoreOutput,
  statusHints: { 404: NOT_FOUND_RESTORE_HINT },
  async run({ id }, ctx) {
    const restore = await fetchScopedRestore(id, ctx);
    const lines = [restoreLine(restore)];
    const structured: Record<string, unknown> = { restore };
    if (isRunning(restore)) {
      const timing = await runningTiming(restore, ctx);
      lines.push(`It is ${timing.text}.`);
      structured.timing = timing.figures;
    } else if (isFinished(restore)) {
      const took = finishedDurationMs(restore);
      lines.push(
        took === undefined
          ? "How long it took is unknown: the API sent no updated_at (when it ended)."
          : `It took ${durationText(took)}.`,
      );
      if (took !== undefined) structured.duration_ms = took;
    }
    return { structured, text: lines.join("\n") };
  },
});
