/** plan_restore's text: the verdict on the first line, then one line per backup to apply. */
import { parseApiTime, utcSeconds } from "../util/time.js";
import type { RestorePlan, RestoreStep } from "./planner.js";

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
  if (!plan.restorable) {
    const near = [
      plan.nearest_before && `before ${readable(plan.nearest_before)}`,
      plan.nearest_after && `after ${readable(plan.nearest_after)}`,
    ].filter(Boolean);
    lines.push(
      near.length > 0
        ? `Nearest restorable points: ${near.join(", ")}; pass one as target_time for its chain.`
        : "No restorable point exists: the service has no successful full, snapshot or dump backup.",
    );
  }
  return lines.join("\n");
}

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
