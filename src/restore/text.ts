/** plan_restore's text: the verdict on the first line, then one line per backup to apply. */
import { parseApiTime, utcSeconds } from "../util/time.js";
import type { RestorePlan, RestoreStep } from "./planner.js";
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
  plan.chain.forEach((step, i) => {
    lines.push(
      `${i + 1}. ${ROLE_LABEL[step.role]} ${step.type} · point ${readable(step.point_in_time)} · id=${step.id}`,
    );
  });
  if (plan.long_restore) lines.push(`Note: ${plan.long_restore}.`);
  if (!plan.restorable) {
    const before = plan.points_before ?? [];
    const after = plan.points_after ?? [];
    if (before.length > 0) lines.push(`Restorable before: ${before.map(pointText).join("; ")}`);
    if (after.length > 0) lines.push(`Restorable after: ${after.map(pointText).join("; ")}`);
    lines.push(
      before.length + after.length > 0
        ? "Each is an exact point; pass one as target_time for its chain."
        : "No restorable point exists: the service has no successful full, snapshot or dump backup.",
    );
  }
  return lines.join("\n");
}

/** "2026-11-24 12:01:00 UTC (full of 2026-11-24 02:01:00 UTC + 1 incremental + 3 binlogs)" */
function pointText(p: RestorablePoint): string {
  const parts = [`${p.base.type} of ${readable(p.base.point_in_time)}`];
  if (p.incrementals > 0) parts.push(count(p.incrementals, "incremental"));
  if (p.binlogs > 0) parts.push(count(p.binlogs, "binlog"));
  return `${readable(p.point)} (${parts.join(" + ")})`;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function verdictLine(serviceId: string, plan: RestorePlan): string {
  const target = readable(plan.target_time);
  if (plan.restorable) {
    const count = plan.chain.length;
    const what = plan.latest ? `${target} (the latest restorable point)` : target;
    return `Restorable to ${what} using ${count} backup${count === 1 ? "" : "s"} of ${serviceId}, applied in this order:`;
  }
  const reason = plan.reason?.message ?? "no backup chain reaches it";
  if (plan.target_time === undefined) return `Not restorable: ${reason}`;
  return `Not restorable to ${target}: ${reason}`;
}
