/** What a finished drill proved, in words or as JSON, on stdout. */
import { apiTimeText } from "../util/format.js";
import { quoted, shown } from "../util/untrusted-text.js";

export interface DrillFacts {
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

export function drillReport(facts: DrillFacts, json: boolean): string {
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
