/**
 * What a restore would put into the target: the source, the exact point and
 * the chain of backups, computed by plan_restore's planner from the source's
 * own backups. A backup or a point that no chain reaches is refused here,
 * before any request that writes.
 */
import { belongsTo } from "../all-schedules.js";
import type { Backup } from "../../api/records.js";
import { fetchAllPages } from "../../paging/fetch-all.js";
import { backupKey, backupPages } from "../../paging/account.js";
import { futureTargetProblem, planRestore, type RestoreStep } from "../../restore/planner.js";
import { restorePoints, type Known, type Start } from "../../restore/points.js";
import { planText } from "../../restore/text.js";
import { isoSeconds, utcSeconds } from "../../util/format.js";
import { isSendableId } from "../../util/ids.js";
import { parseTimeInput } from "../../util/time.js";
import { ToolError } from "../../util/tool-error.js";
import type { ToolContext } from "../define.js";
import { requireKnownService } from "../known-service.js";
import { restoredAt } from "../restored-at.js";
import { NOTHING, TARGET_TIME_HELP, type SourceChoice } from "./restore-input.js";

/** A managed or point-in-time source, resolved: what the preview shows and the token binds. */
export interface ServiceSource {
  kind: "backup" | "pitr";
  serviceId: string;
  /** The service's name and cloud as its backups give them. */
  serviceName?: string;
  cloud?: string;
  /** The exact moment the target will hold, in ms and RFC 3339. */
  pointMs: number;
  point: string;
  chain: RestoreStep[];
  /** For "latest": the point was chosen as the newest reachable one. */
  latest: boolean;
  /** Why the point differs from the newest one plan_restore names, when it does. */
  note?: string;
}

export async function resolveServiceSource(
  choice: Exclude<SourceChoice, { kind: "external" }>,
  ctx: ToolContext,
  /** The API's point-in-time window of the source: "latest" means its newest point, not beyond it. */
  windowEndMs?: number,
): Promise<ServiceSource> {
  const nowMs = ctx.now().getTime();
  let target: number | "latest" | undefined;
  if (choice.kind === "pitr") {
    target = choice.targetTime === "latest" ? "latest" : parseTimeInput(choice.targetTime, nowMs);
    if (target === undefined) throw new ToolError(`${TARGET_TIME_HELP}. ${NOTHING}`);
    const problem = futureTargetProblem(target, nowMs);
    if (problem !== undefined) throw new ToolError(`${problem}. ${NOTHING}`);
  }
  const [backups, restored] = await Promise.all([
    backupsOf(choice.serviceId, ctx),
    restoredAt(choice.serviceId, ctx),
  ]);
  const newest = backups.findLast((b) => typeof b.service_name === "string");
  const facts = {
    serviceId: choice.serviceId,
    serviceName: newest?.service_name,
    cloud: stringOr(backups.findLast((b) => typeof b.cloud_provider === "string")?.cloud_provider),
  };
  if (choice.kind === "backup")
    return { ...facts, ...backupChain(choice.backupId, backups, nowMs, restored.moments) };
  const latest = target === "latest";
  let plan = planRestore(backups, target ?? "latest", nowMs, restored.moments);
  let note: string | undefined = restored.unread;
  // "latest" is the model's newest point (restore/points.ts), the one plan_restore and the audit
  // name. Binlogs replayed to it need the API's point-in-time window to reach that far; where it
  // ends sooner, the restore goes to the window's end, and the preview says why the two differ.
  const wanted = plan.point === undefined ? undefined : Date.parse(plan.point);
  if (latest && wanted !== undefined && replaysBinlogs(plan.chain) && windowEndMs !== undefined) {
    if (windowEndMs < wanted) {
      note = `the API's point-in-time window for ${choice.serviceId} ends at ${utcSeconds(windowEndMs)}, before the newest point its backups reach (${utcSeconds(wanted)}): restoring to the window's end`;
      plan = planRestore(backups, windowEndMs, nowMs, restored.moments);
    }
  }
  if (!plan.restorable || plan.point === undefined) {
    throw new ToolError(
      `${choice.serviceId} cannot be restored to ${choice.targetTime}: no chain of its backups reaches it. ${NOTHING}\n${planText(choice.serviceId, plan, backups.length)}`,
    );
  }
  const pointMs = Date.parse(plan.point);
  // A point no binlog replay reaches (a base or incremental newer than the last binlog) is
  // restored by its backup id: the API's point-in-time restore ends at its binlog window. An id
  // no caller could send (util/ids.ts) is never sent: the point-in-time form is asked instead.
  const byId = !replaysBinlogs(plan.chain) && isSendableId("backup", plan.chain.at(-1)?.id);
  const kind = byId ? "backup" : "pitr";
  return {
    ...facts,
    kind,
    pointMs,
    point: plan.point,
    chain: plan.chain,
    latest,
    ...(note !== undefined && { note }),
  };
}

const replaysBinlogs = (chain: readonly RestoreStep[]): boolean =>
  chain.some((step) => step.role === "binlog");

/** Every backup of the source: the planner needs the whole history of one service. */
async function backupsOf(serviceId: string, ctx: ToolContext): Promise<Backup[]> {
  const backups: Backup[] = [];
  await fetchAllPages(backupPages(ctx.api, { service_id: serviceId }), {
    signal: ctx.signal,
    idOf: backupKey,
    // The API's service_id filter is not trusted: a record naming another service never
    // joins the chain, so a backup outside --services cannot ride in under an allowed source.
    onPage: (items) => backups.push(...items.filter((b) => belongsTo(b, serviceId))),
    onProgress: (done, total) => ctx.progress(done, total, `backups page ${done}/${total}`),
  });
  if (backups.length === 0) await requireKnownService(serviceId, ctx, NOTHING);
  return backups;
}

/** The chain that ends at a base or incremental backup: the start whose last step it is. */
function backupChain(
  backupId: string,
  backups: readonly Backup[],
  nowMs: number,
  restored: readonly number[],
): Pick<ServiceSource, "kind" | "pointMs" | "point" | "chain" | "latest"> {
  const start = restorePoints(backups, nowMs, restored).starts.find(
    (s) => lastOf(s).id === backupId,
  );
  if (start === undefined) {
    const found = backups.find((b) => backupKey(b) === backupId);
    const service = backups[0]?.service_id ?? "the source service";
    throw new ToolError(
      found === undefined
        ? `backup ${backupId} is not among ${service}'s backups; take the id from list_service_backups, or check source_service_id. ${NOTHING}`
        : `backup ${backupId} (${found.type ?? "?"}, ${found.status ?? "?"}) cannot be restored on its own: only a Succeeded full, snapshot, dump or incremental (with its full) can; for a moment a binary log covers, use target_time. ${NOTHING}`,
    );
  }
  const step = (role: RestoreStep["role"], known: Known): RestoreStep => ({
    role,
    type: known.type,
    id: known.id,
    point_in_time: isoSeconds(known.at),
  });
  return {
    kind: "backup",
    pointMs: start.at,
    point: isoSeconds(start.at),
    chain: [step("base", start.base), ...start.incrementals.map((i) => step("incremental", i))],
    latest: false,
  };
}

const lastOf = (start: Start): Known => start.incrementals.at(-1) ?? start.base;

const stringOr = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;
