/**
 * `skybackup-mcp drill`: proves a service's backups restore, for a monthly
 * cron job. It goes through the same tools an assistant uses, in one MCP
 * session: plan_restore, create_restore (preview, then its own token),
 * get_restore until the restore ends. It refuses up front what must never
 * happen whatever the flags: restoring onto the source, leaving --services,
 * or erasing the target without --yes.
 */
import type { DrillConfig, ServerConfig } from "../config/config.js";
import { openInProcessSession, type InProcessSession } from "../mcp/in-process.js";
import { invalidApiIdText, isSendableId } from "../util/ids.js";
import { pinRelativeTimeMs } from "../util/time-input.js";
import { openBackend } from "./backend.js";
import { drillRefusal, NOTHING, notReady } from "./drill-checks.js";
import { followRestore } from "./drill-follow.js";
import { drillReport, type DrillFacts } from "./drill-report.js";
import { serverOptionsFor } from "./server-options.js";

/** Exit codes: the restore succeeded, it ended failed or cancelled, the drill could not run. */
const DRILL_EXIT = { succeeded: 0, failed: 1, couldNotRun: 3 } as const;

class CannotRun extends Error {}

export async function runDrill(
  config: ServerConfig,
  drill: DrillConfig,
  json: boolean,
): Promise<number> {
  const refusal = drillRefusal(config, drill);
  if (refusal !== undefined) return couldNotRun(refusal);
  const backend = await openBackend(config);
  try {
    const session = await openInProcessSession(serverOptionsFor(config, backend));
    try {
      const facts = await drillWith(session, drill);
      process.stdout.write(drillReport(facts, json));
      return facts.succeeded ? DRILL_EXIT.succeeded : DRILL_EXIT.failed;
    } finally {
      await session.close();
    }
  } catch (error) {
    return couldNotRun(
      error instanceof CannotRun
        ? error.message
        : `the drill stopped: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await backend.close();
  }
}

function couldNotRun(why: string): number {
  process.stderr.write(`skybackup-mcp drill: could not run: ${why}\n`);
  return DRILL_EXIT.couldNotRun;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function drillWith(session: InProcessSession, drill: DrillConfig): Promise<DrillFacts> {
  const { source, target } = drill;
  const startedAt = Date.now();
  const time = fixedTime(drill.time, startedAt);
  log(
    `drill: planning ${source} at ${time}${time === drill.time ? "" : ` (${drill.time})`} into ${target}`,
  );
  const plan = await session.call("plan_restore", {
    service_id: source,
    target_time: time,
    target_service_id: target,
  });
  if (plan.isError) throw new CannotRun(`plan_restore: ${plan.text}`);
  const planned = plan.structured ?? {};
  if (planned.restorable !== true)
    throw new CannotRun(`${time} of ${source} cannot be restored:\n${plan.text}`);
  const into = planned.target as Record<string, unknown> | undefined;
  if (into?.ready !== true)
    throw new CannotRun(
      `${target} is not ready to take this restore: ${notReady(into)}.\n${plan.text}`,
    );

  const args = { source_service_id: source, target_time: time, target_service_id: target };
  const preview = await session.call("create_restore", args);
  if (preview.isError) throw new CannotRun(`create_restore: ${preview.text}`);
  const token = preview.structured?.confirmation_token;
  if (typeof token !== "string")
    throw new CannotRun(`create_restore gave no confirmation_token:\n${preview.text}`);
  log(`drill: preview, confirmed by --yes:\n${previewLines(preview.text)}`);

  const started = await session.call("create_restore", { ...args, confirmation_token: token });
  if (started.isError) throw new CannotRun(`create_restore: ${started.text}`);
  const record = started.structured ?? {};
  if (record.token_refused !== undefined)
    throw new CannotRun(
      `the restore source or ${target}'s restores changed between the preview and the confirmation; run the drill again. ${NOTHING}`,
    );
  // The id is the API's: polled only if it passes the id rules, never coerced ("0x10" is not 16).
  const id = record.restore_id;
  if (record.created !== true || !isSendableId("restore", id)) {
    const why = record.created === true ? ` (${invalidApiIdText("restore", id)})` : "";
    throw new CannotRun(
      `create_restore did not return a restore id to follow${why}; a restore may have started: check list_restores for ${target}.\n${started.text}`,
    );
  }
  log(`drill: restore #${id} started into ${target}`);

  const followed = await followRestore(session, id, {
    maxWaitMs: drill.maxWaitMinutes * 60_000,
    log,
  });
  if (!followed.ended) throw new CannotRun(followed.why);
  const sourceRecord = (record.source ?? {}) as Record<string, unknown>;
  return {
    succeeded: followed.succeeded,
    source,
    point: typeof sourceRecord.point === "string" ? sourceRecord.point : undefined,
    requestedTime: drill.time,
    target,
    targetName:
      typeof record.target_service_name === "string" ? record.target_service_name : undefined,
    restoreId: id,
    restore: followed.restore,
    durationMs: followed.durationMs,
    startedAt,
  };
}

/** A relative time (-2h) fixed once, or the time as given: see pinRelativeTimeMs. */
function fixedTime(time: string, nowMs: number): string {
  const pinned = pinRelativeTimeMs(time, nowMs);
  return pinned === undefined ? time : new Date(pinned).toISOString().replace(".000Z", "Z");
}

/** The preview without its token line: the token is spent at once, and a log is no place for it. */
const previewLines = (text: string): string =>
  text
    .split("\n")
    .filter((line) => !line.includes("confirmation_token"))
    .map((line) => line.replace(/^CONFIRMATION NEEDED - nothing has changed yet\. /, ""))
    .map((line) => `  ${line}`)
    .join("\n");
