/** plan_restore's text: the verdict on the first line, then one line per backup to apply. */
import { parseApiTime } from "../util/time.js";
import { ageText, utcSeconds } from "../util/format.js";
import { OLD_LATEST_HOURS, type RestorePlan, type RestoreStep } from "./planner.js";
import type { RestorablePoint } from "./nearby.js";

const readable = (iso: string | undefined): string => {
  const ms = parseApiTime(iso);
  return ms === undefined ? "?" : utcSeconds(ms);
};

const ROLE_LABEL: Record<RestoreStep["role"], string> = {
  base: "base",
  incremental: "then",
  binlog: "replay",
};

export function planText(serviceId: string, plan: RestorePlan, scanned?: number): string {
  if (scanned === 0) {
    return `Not restorable: ${serviceId} has no backups yet, so there is nothing to restore from.`;
  }
  const lines = [verdictLine(serviceId, plan)];
  const age = plan.latest_age_hours;
  if (plan.restorable && age !== undefined && age > OLD_LATEST_HOURS) {
    lines.push(
      `Warning: the latest restorable point is ${ageText(age)} old (over ${OLD_LATEST_HOURS}h): everything written since is lost.`,
    );
  }
  plan.chain.forEach((step, i) => {
    lines.push(
      `${i + 1}. ${ROLE_LABEL[step.role]} ${step.type} · point ${readable(step.point_in_time)} · id=${step.id}`,
    );
  });
  const future = plan.future_records;
  if (future !== undefined) {
    const n = future.newest;
    lines.push(
      `Warning: ${count(future.count, "successful backup")} dated in the future ignored (newest: ${n.type}${n.id === undefined ? "" : ` id=${n.id}`} at ${readable(n.time)}): a clock or import error; none is a restore point.`,
    );
  }
  const suspect = plan.suspect_base;
  if (suspect) lines.push(`${suspect.unavoidable ? "Warning" : "Note"}: ${suspect.message}.`);
  if (plan.long_restore) lines.push(`Note: ${plan.long_restore}.`);
  if (plan.base_choice) lines.push(`Note: ${plan.base_choice}.`);
  if (!plan.restorable) {
    const before = plan.points_before ?? [];
    const after = plan.points_after ?? [];
    if (before.length > 0) lines.push(`Restorable before: ${before.map(pointText).join("; ")}`);
    if (after.length > 0) lines.push(`Restorable after: ${after.map(pointText).join("; ")}`);
    const ranged = [...before, ...after].some((p) => p.range !== undefined);
    lines.push(
      before.length + after.length === 0
        ? "No restorable point exists: the service has no successful full, snapshot or dump backup."
        : ranged
          ? "Pass one of these moments as target_time for its chain."
          : "Each is an exact point; pass one as target_time for its chain.",
    );
  }
  return lines.join("\n");
}

/**
 * "2026-11-24 12:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental + 3 binlogs)"; a stretch
 * binlogs cover reads "any moment from A (chain) on, through binary logs" (after the target) or
 * "any moment from A to B (chain), through binary logs" (before it), the chain next to the moment it reaches.
 */
function pointText(p: RestorablePoint): string {
  // Said where it is read: only a suspect base reaches these moments (plan_restore warns the same).
  const suspect = p.suspect_base === true ? "suspect " : "";
  const parts = [`${suspect}${p.base.type} of ${readable(p.base.point_in_time)}`];
  if (p.incrementals > 0) parts.push(count(p.incrementals, "incremental"));
  if (p.binlogs > 0) parts.push(count(p.binlogs, "binlog"));
  const at = `${readable(p.point)} (${parts.join(" + ")})`;
  if (p.range === undefined) return at;
  if (p.range.to === p.point)
    return `any moment from ${readable(p.range.from)} to ${at}, through binary logs`;
  const end = p.range.to_latest ? "on" : `to ${readable(p.range.to)}`;
  return `any moment from ${at} ${end}, through binary logs`;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function verdictLine(serviceId: string, plan: RestorePlan): string {
  const target = readable(plan.target_time);
  if (plan.restorable) {
    const count = plan.chain.length;
    const age = plan.latest_age_hours;
    const old = age === undefined ? "" : `, ${ageText(age)} old`;
    const what = plan.latest ? `${target} (the latest restorable point${old})` : target;
    return `Restorable to ${what} using ${count} backup${count === 1 ? "" : "s"} of ${serviceId}, applied in this order:`;
  }
  const reason = plan.reason?.message ?? "no backup chain reaches it";
  if (plan.target_time === undefined) return `Not restorable: ${reason}`;
  return `Not restorable to ${target}: ${reason}`;
}
