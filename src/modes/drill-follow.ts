/**
 * Follows one restore with get_restore until it ends, printing a progress
 * line on stderr at each look. A failing read is retried at the next look
 * (the tool already retried it); only several in a row, or the overall wait
 * running out, stop the drill, and the restore itself goes on either way.
 */
import type { InProcessSession } from "../mcp/in-process.js";
import { outcomeOf } from "../restore/facts.js";
import { elapsedText, nextPollDelay } from "./drill-poll.js";

/** Reads that may fail in a row before the drill stops following. */
const MAX_FAILED_READS = 3;

export type FollowResult =
  | { ended: true; succeeded: boolean; restore: Record<string, unknown>; durationMs?: number }
  | { ended: false; why: string };

export interface FollowOptions {
  maxWaitMs: number;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function followRestore(
  session: InProcessSession,
  id: number,
  options: FollowOptions,
): Promise<FollowResult> {
  const { maxWaitMs, log, sleep = wait, now = Date.now } = options;
  const start = now();
  let delay: number | undefined;
  let failedReads = 0;
  for (;;) {
    const elapsed = now() - start;
    const result = await session.call("get_restore", { id });
    const restore = result.structured?.restore;
    if (result.isError || typeof restore !== "object" || restore === null) {
      failedReads += 1;
      log(
        `drill: restore #${id}: could not read it (${firstLine(result.text)}), ${elapsedText(elapsed)} elapsed`,
      );
      if (failedReads >= MAX_FAILED_READS)
        return {
          ended: false,
          why: `restore #${id} could not be read ${failedReads} times in a row: ${firstLine(result.text)}`,
        };
    } else {
      failedReads = 0;
      const record = restore as Record<string, unknown>;
      const status = typeof record.status === "string" ? record.status : "unknown";
      log(`drill: restore #${id} ${status}, ${elapsedText(elapsed)} elapsed`);
      const outcome = outcomeOf(status);
      if (outcome === "succeeded" || outcome === "failed") {
        const apiMs = result.structured?.duration_ms;
        return {
          ended: true,
          succeeded: outcome === "succeeded",
          restore: record,
          // The API's own created→updated time when it sends both; else what the drill saw.
          durationMs: typeof apiMs === "number" ? apiMs : now() - start,
        };
      }
    }
    const remaining = maxWaitMs - (now() - start);
    if (remaining <= 0)
      return {
        ended: false,
        why: `restore #${id} had not ended after ${elapsedText(maxWaitMs)} (--max-wait-minutes); it goes on: watch it with get_restore, or stop it with cancel_restore`,
      };
    delay = nextPollDelay(delay, remaining);
    await sleep(delay);
  }
}

const firstLine = (text: string): string => text.split("\n")[0]?.slice(0, 300) ?? "";
