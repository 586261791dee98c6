/**
 * The rules about backups that succeeded but cannot be trusted, and about
 * growth that costs money: suspect bases and runaway growth, judged by the
 * one rule restore/suspect.ts holds (plan_restore passes over the same
 * bases). One finding per service and rule, naming the newest case with
 * its figures, so a service with a bad week still costs one line.
 */
import { formatBytes, isoSeconds, utcMinutes } from "../util/format.js";
import { suspectFigures, suspectText } from "../restore/suspect.js";
import type { Draft, RuleContext } from "./findings.js";
import type { ServiceTally } from "./service-tally.js";

/** Suspect bases (0 bytes, or far under the median of their type) within the lookback window. */
export function suspectBases(t: ServiceTally, ctx: RuleContext): Draft[] {
  const inWindow = t.sizes.suspects(t.sizeRules).filter((s) => s.at >= ctx.windowStart);
  const newest = inWindow[0];
  if (newest === undefined) return [];
  const more = inWindow.length > 1 ? `${inWindow.length} suspect bases, newest: ` : "";
  const message = `${more}${suspectText(newest, false)}; restores skip it; check it (list_service_backups).`;
  return [
    {
      severity: "warning",
      kind: "suspect_base",
      message,
      count: inWindow.length,
      since: isoSeconds(newest.at),
      figures: suspectFigures(newest),
    },
  ];
}

/** A type's newest base over the growth factor times the one a week before it: info, it costs storage. */
export function runawayGrowth(t: ServiceTally, ctx: RuleContext): Draft[] {
  return t.sizes
    .growth(t.sizeRules)
    .filter((g) => g.to.at >= ctx.windowStart)
    .map((g) => {
      const field = g.field === "backup_size" ? "" : ` (${g.field})`;
      const message = `${g.type} backups grew ${g.factor}x in a week${field}: ${formatBytes(g.from.bytes)} on ${utcMinutes(g.from.at)} to ${formatBytes(g.to.bytes)} on ${utcMinutes(g.to.at)}; storage and restore disk grow with it, check what grew.`;
      return {
        severity: "info",
        kind: "runaway_growth",
        message,
        from: isoSeconds(g.from.at),
        to: isoSeconds(g.to.at),
        figures: {
          type: g.type,
          size_field: g.field,
          from_backup_id: g.from.id,
          from_bytes: g.from.bytes,
          to_backup_id: g.to.id,
          to_bytes: g.to.bytes,
          factor: g.factor,
        },
      };
    });
}
