/**
 * What stops a drill: the refusals no flag can lift, checked before any
 * request, and why plan_restore found the target not ready.
 */
import type { DrillConfig, ServerConfig } from "../config/config.js";
import { ALL_TOOLS } from "../tools/index.js";
import { selectTools } from "../tools/select.js";

/** The tools a drill calls; without any one of them it would start a restore it cannot follow. */
const DRILL_TOOLS = ["plan_restore", "create_restore", "get_restore"];

import { NOTHING } from "../tools/restores/restore-input.js";

export { NOTHING };

/** What no flag can allow; undefined when the drill may start. */
export function drillRefusal(config: ServerConfig, drill: DrillConfig): string | undefined {
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
export function notReady(report: Record<string, unknown> | undefined): string {
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
