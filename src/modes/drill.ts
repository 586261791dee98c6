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
import { openBackend, serverOptionsFor } from "./serve.js";
import { outcomeOf } from "../recovery/model.js";
import { ALL_TOOLS } from "../tools/all-tools.js";
import { NOTHING } from "../tools/restores/create-restore.js";
import { selectTools } from "../tools/define.js";
import { apiTimeText } from "../util/format.js";
import { invalidApiIdText, isSendableId } from "../util/ids.js";
import { pinRelativeTimeMs } from "../util/time.js";
import { quoted, shown } from "../util/untrusted-text.js";

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

/**
 * What stops a drill: the refusals no flag can lift, checked before any
 * request, and why plan_restore found the target not ready.
 */
/** The tools a drill calls; without any one of them it would start a restore it cannot follow. */
const DRILL_TOOLS = ["plan_restore", "create_restore", "get_restore"];

/** What no flag can allow; undefined when the drill may start. */
function drillRefusal(config: ServerConfig, drill: DrillConfig): string | undefined {
  const { source, target } = drill;
  if (source === target)
    return `--target ${target} is the source itself: a drill never restores a service onto itself. Name a scratch service as --target. ${NOTHING}`;
  for (const [side, id] of [
    ["--source", source],
    ["--target", target],
  ] as const) {
    if (config.services !== undefined && !config.services.includes(id))
      return `${side} ${id} is outside --services (${config.services.join(", ")}); both sides of a drill must be in scope. ${NOTHING}`;
  }
  if (config.readOnly)
    return `a drill restores, which --read-only forbids; run it without --read-only. ${NOTHING}`;
  const offered = new Set(selectTools(ALL_TOOLS, config).map((tool) => tool.name));
  const missing = DRILL_TOOLS.filter((name) => !offered.has(name));
  if (missing.length > 0)
    return `a drill calls ${DRILL_TOOLS.join(", ")}, and --tools / --disable-tools leave out ${missing.join(", ")}. ${NOTHING}`;
  if (!drill.yes)
    return `a drill ERASES ALL DATA in ${target} (and stops it while restoring) to restore ${source} into it. If ${target} is a scratch service, pass --yes. ${NOTHING}`;
  return undefined;
}

/** Why plan_restore's target report says not ready, in one phrase. */
function notReady(report: Record<string, unknown> | undefined): string {
  if (report === undefined) return "plan_restore did not report on it";
  const running = Array.isArray(report.running_restores) ? report.running_restores : [];
  const ids = running.map((r: unknown) => {
    const id = (r as { id?: unknown } | null)?.id;
    return `#${typeof id === "number" || typeof id === "string" ? id : "?"}`;
  });
  const why = [
    report.eligible === false && "the API does not list it as a target for this backup",
    ids.length > 0 && `restore ${ids.join(", ")} is running there`,
    ...(Array.isArray(report.notes) ? (report.notes as unknown[]) : []),
  ].filter((reason): reason is string => typeof reason === "string" && reason !== "");
  return why.length > 0 ? why.join("; ") : "plan_restore says so";
}

/**
 * Follows one restore with get_restore until it ends, printing a progress
 * line on stderr at each look. A failing read is retried at the next look
 * (the tool already retried it); only several in a row, or the overall wait
 * running out, stop the drill, and the restore itself goes on either way.
 */
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

/**
 * How often a drill looks at its restore: soon at first (a small restore
 * ends in seconds), then less and less often, so a six-hour restore costs a
 * few thousand reads instead of twenty thousand. Pure, so it is tested alone.
 */
export const FIRST_POLL_MS = 1_000;
export const MAX_POLL_MS = 15_000;

/** 1 s, then doubled each time, never more than 15 s, never past what is left of the wait. */
export function nextPollDelay(previousMs: number | undefined, remainingMs: number): number {
  const wanted =
    previousMs === undefined
      ? FIRST_POLL_MS
      : Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, previousMs * 2));
  return Math.max(0, Math.min(wanted, remainingMs));
}

/** "42 s", "3 min 05 s", "2 h 07 min": elapsed time on a progress line. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** What a finished drill proved, in words or as JSON, on stdout. */
interface DrillFacts {
  succeeded: boolean;
  source: string;
  /** The exact point restored, as create_restore resolved it (RFC 3339). */
  point: string | undefined;
  requestedTime: string;
  target: string;
  targetName: string | undefined;
  restoreId: number;
  restore: Record<string, unknown>;
  durationMs: number | undefined;
  startedAt: number;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

function durationWords(ms: number | undefined): string {
  if (ms === undefined) return "an unknown time";
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

function drillReport(facts: DrillFacts, json: boolean): string {
  const status = text(facts.restore.status) ?? "unknown";
  const message = text(facts.restore.message);
  if (json) {
    const record = {
      result: facts.succeeded ? "succeeded" : "failed",
      source_service_id: facts.source,
      point: facts.point ?? null,
      target_time: facts.requestedTime,
      target_service_id: facts.target,
      ...(facts.targetName !== undefined && { target_service_name: facts.targetName }),
      restore_id: facts.restoreId,
      status,
      ...(message !== undefined && { message }),
      duration_ms: facts.durationMs ?? null,
      drill_started_at: new Date(facts.startedAt).toISOString(),
      drill_ended_at: new Date().toISOString(),
    };
    return `${JSON.stringify(record, null, 2)}\n`;
  }
  const into = facts.targetName ? `${facts.target} (${quoted(facts.targetName)})` : facts.target;
  // Words use the one text form of a time ("2026-11-29 18:01:37 UTC"); --json keeps RFC 3339.
  const point =
    facts.point !== undefined
      ? apiTimeText(facts.point, "second")
      : `${facts.requestedTime} (exact point unknown)`;
  const head = facts.succeeded
    ? `Restore drill succeeded: ${facts.source} restored as of ${point} into ${into}.`
    : `Restore drill FAILED: ${facts.source} as of ${point} did not restore into ${into}.`;
  return [
    head,
    `Source: ${facts.source}`,
    `Point: ${point}`,
    `Target: ${into}`,
    `Restore: #${facts.restoreId} ${shown(status)}${message ? ` ${quoted(message)}` : ""}`,
    `Duration: ${durationWords(facts.durationMs)}`,
    "",
  ].join("\n");
}
