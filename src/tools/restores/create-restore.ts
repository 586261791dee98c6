/**
 * create_restore: carries out what plan_restore planned. It erases the
 * target, so it always previews first (even under --confirm never), refuses
 * what the API would refuse or what cannot be undone by mistake before any
 * request that writes, and binds its token to what the preview showed.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CreateRestoreBody } from "../../api/client.js";
import { ApiError } from "../../api/errors.js";
import { belongsTo, shownId, type Backup, type Restore } from "../../api/records.js";
import { backupKey, backupPages } from "../../paging/account.js";
import { fetchAllPages } from "../../paging/fetch-all.js";
import { restorePoints, type Known, type Start } from "../../recovery/model.js";
import {
  futureTargetProblem,
  planRestore,
  planText,
  type RestoreStep,
} from "../../recovery/planner.js";
import { loadCredentials, refuseServerFiles, requireKnownService, restoredAt } from "../lookups.js";
import { defineTool, confirmationToken, serviceId, type ToolContext } from "../define.js";
import { createRestoreOutput } from "../outputs.js";
import { newestFirst, isFinished } from "./restore-view.js";
import { utcSeconds, isoSeconds } from "../../util/format.js";
import { invalidApiIdText, isSendableId, ID_RULES } from "../../util/ids.js";
import {
  pinRelativeTimeMs,
  isTimeInput,
  TIME_INPUT_HELP,
  parseTimeInput,
  parseApiTime,
} from "../../util/time.js";
import { ToolError } from "../../util/tool-error.js";
import { quoted } from "../../util/untrusted-text.js";

/**
 * The POST /skybackup/v1/restores body for each kind of source: the backup
 * id, the source service with its point in time, or the file in a bucket
 * with its (base64) credentials and key.
 */
/** 'YYYY-MM-DD hh:mm:ss' UTC, the one form POST /restores takes. */
const apiPoint = (iso: string): string => iso.replace("T", " ").replace(/Z$/, "");

function bodyOf(
  resolved: ResolvedSource,
  args: CreateRestoreArgs,
  credentials: string | undefined,
): CreateRestoreBody {
  const service_id = args.target_service_id;
  if (resolved.kind === "external") {
    const { bucket, method, file, encryption_key } = resolved.external;
    return {
      id: file,
      service_id,
      external_source: {
        bucket,
        method,
        ...(credentials !== undefined && { credentials }),
        ...(encryption_key !== undefined && { encryption_key }),
      },
    };
  }
  const s = resolved.source;
  if (resolved.kind === "backup") return { id: s.chain.at(-1)?.id ?? "", service_id };
  return { id: s.serviceId, service_id, point_in_time: apiPoint(s.point) };
}

/**
 * create_restore's input: the fields, and the one rule the schema cannot
 * say: exactly one source. Checked before any request, so a mistyped call
 * costs nothing and touches nothing.
 */
const TARGET_TIME_HELP = `target_time must be "latest" or ${TIME_INPUT_HELP}`;
/** The last words of every refusal of a restore: nothing reached the API. */
export const NOTHING = "Nothing was restored.";

// Lengths are checked with refine: minLength/maxLength would be paid in tools/list for nothing.
const text = (max: number, what: string) =>
  z
    .string()
    .refine((v) => v.length > 0 && v.length <= max, `${what} must be 1-${max} characters`)
    .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), `${what} must be one line of text`);

const secretText = (max: number, what: string) =>
  z.string().refine((v) => v.length > 0 && v.length <= max, `${what} must be 1-${max} characters`);

const externalFields = {
  bucket: text(1000, "bucket")
    .refine((v) => /^(gs|s3):\/\/[^/\s]+/.test(v), "bucket must be gs://BUCKET/… or s3://BUCKET/…")
    .describe("gs://… or s3://…"),
  method: z.enum(["mariabackup", "mysqldump"]),
  file: text(1000, "file").describe("Backup id (file) in the bucket"),
  credentials: secretText(65_536, "credentials").optional().describe("Key JSON or AWS INI text"),
};
const encryptionKey = secretText(4096, "encryption_key").optional();

const external = z.strictObject({
  ...externalFields,
  credentials_file: text(4096, "credentials_file").optional().describe("Path to it, read here"),
  encryption_key: encryptionKey,
});
/** Team mode: credentials come inline only (the server reads no file for a remote caller). */
const inlineExternal = z.strictObject(
  { ...externalFields, encryption_key: encryptionKey },
  { error: refuseServerFiles },
);

function restoreInput<External extends z.ZodType>(externalSource: External) {
  return z.strictObject({
    target_service_id: serviceId.describe("Restored INTO: all its data is erased"),
    source_service_id: serviceId.optional().describe("Service of backup_id, or of target_time"),
    backup_id: ID_RULES.backup.optional(),
    target_time: z
      .string()
      .max(40)
      .refine((v) => v === "latest" || isTimeInput(v), TARGET_TIME_HELP)
      .optional()
      .describe('Point in time: "latest", RFC 3339, "2026-11-26 14:05" UTC, -2h'),
    external: externalSource.optional().describe("Instead: a backup in your own bucket"),
    overwrite_source: z.boolean().optional().describe("true to restore a service onto itself"),
    confirmation_token: confirmationToken,
  });
}

const createRestoreInput = restoreInput(external);
const createRestoreInputWithoutServerFiles = restoreInput(inlineExternal);

type CreateRestoreArgs = z.output<typeof createRestoreInput>;
type ExternalArgs = z.output<typeof external>;

export type SourceChoice =
  | { kind: "backup"; serviceId: string; backupId: string }
  | { kind: "pitr"; serviceId: string; targetTime: string }
  | { kind: "external"; external: ExternalArgs };

/** The one source the call names, or an error that says how to name exactly one. */
function chooseSource(args: CreateRestoreArgs): SourceChoice {
  const given = [
    args.backup_id !== undefined && "backup_id",
    args.target_time !== undefined && "target_time",
    args.external !== undefined && "external",
  ].filter((name): name is string => name !== false);
  if (given.length !== 1) {
    const which = given.length === 0 ? "none was given" : `got ${given.join(" and ")}`;
    throw new ToolError(
      `give exactly one source (${which}): backup_id with source_service_id, source_service_id with target_time, or external. ${NOTHING}`,
    );
  }
  if (args.external !== undefined) {
    if (args.source_service_id !== undefined)
      throw new ToolError(
        `an external restore reads a file from your bucket, not a service: drop source_service_id. ${NOTHING}`,
      );
    if (args.external.credentials !== undefined && args.external.credentials_file !== undefined)
      throw new ToolError(`give either credentials or credentials_file, not both. ${NOTHING}`);
    return { kind: "external", external: args.external };
  }
  const source = args.source_service_id;
  if (source === undefined) {
    throw new ToolError(
      args.backup_id !== undefined
        ? `backup_id needs source_service_id, the service the backup belongs to (list_backups shows both). ${NOTHING}`
        : `target_time needs source_service_id, the service whose past state is restored. ${NOTHING}`,
    );
  }
  return args.backup_id !== undefined
    ? { kind: "backup", serviceId: source, backupId: args.backup_id }
    : { kind: "pitr", serviceId: source, targetTime: args.target_time ?? "latest" };
}

/** Onto itself only when asked in so many words; overwrite_source anywhere else is a mistake. */
function checkOverwrite(source: SourceChoice, args: CreateRestoreArgs): boolean {
  const self = source.kind !== "external" && source.serviceId === args.target_service_id;
  if (self && args.overwrite_source !== true) {
    throw new ToolError(
      `target_service_id is the source itself (${args.target_service_id}): this would replace its current data with its own past state. Pass overwrite_source: true only if the user wants exactly that; to inspect old data, restore into another service instead. ${NOTHING}`,
    );
  }
  if (!self && args.overwrite_source === true) {
    throw new ToolError(
      `overwrite_source is only for restoring a service onto itself, and the target differs from the source; drop it. ${NOTHING}`,
    );
  }
  return self;
}

/**
 * The words a user reads before a restore erases a service: what is lost,
 * what happens while it runs, what comes in its place. A restore onto the
 * source itself says so before anything else.
 */
export type ResolvedSource =
  { kind: "backup" | "pitr"; source: ServiceSource } | { kind: "external"; external: ExternalArgs };

interface PreviewParts {
  summary: string;
  details: string[];
  preview: Record<string, unknown>;
}

/** Names are the API's, so they are quoted: a name can never pass for the server's words. */
const named = (id: string, name: string | undefined) => (name ? `${quoted(name)} (${id})` : id);

function restorePreview(
  resolved: ResolvedSource,
  target: TargetFacts,
  eligibility: Eligibility,
  self: boolean,
): PreviewParts {
  const targetName = named(target.serviceId, target.serviceName);
  const summary =
    self && resolved.kind !== "external"
      ? `This restores ${targetName} ONTO ITSELF: all its current data is erased and replaced by its own state at ${utcSeconds(resolved.source.pointMs)}; everything written since is lost.`
      : `Restore ${sourceSentence(resolved)} into ${targetName}: ALL DATA IN ${targetName} WILL BE ERASED and replaced.`;
  const login =
    resolved.kind === "external"
      ? "its users and passwords are replaced by those stored in the backup file."
      : `its users and passwords are replaced by ${self ? "those it had at that point" : `${resolved.source.serviceId}'s, as of that point`}.`;
  const details = [
    `While it runs, ${target.serviceId} is stopped: no connections and no backups until the restore ends.`,
    `Login: ${login}`,
    ...sourceLines(resolved),
    `Target eligible: ${eligibility.eligible ? "yes" : "NO"}, ${eligibility.why}.`,
    target.restores.length === 0
      ? `Restores on ${target.serviceId}: none so far.`
      : `Restores on ${target.serviceId}: none running; newest #${shownId(target.restores[0] ?? {})} ${target.restores[0]?.status}.`,
  ];
  return {
    summary,
    details,
    preview: {
      created: false,
      target_service_id: target.serviceId,
      ...(target.serviceName !== undefined && { target_service_name: target.serviceName }),
      onto_itself: self,
      source: sourceRecord(resolved),
      eligible: eligibility.eligible,
      target_restores: target.restores.slice(0, 5),
    },
  };
}

function sourceSentence(resolved: ResolvedSource): string {
  if (resolved.kind === "external")
    return `the ${resolved.external.method} backup ${resolved.external.file} from ${resolved.external.bucket}`;
  const s = resolved.source;
  const at = utcSeconds(s.pointMs);
  return resolved.kind === "backup"
    ? `backup ${s.chain.at(-1)?.id ?? "?"} of ${named(s.serviceId, s.serviceName)} (point ${at}${s.latest ? ", the latest restorable point" : ""})`
    : `${named(s.serviceId, s.serviceName)} as it was at ${at}${s.latest ? " (latest restorable point)" : ""}`;
}

function sourceLines(resolved: ResolvedSource): string[] {
  if (resolved.kind === "external") {
    const e = resolved.external;
    return [
      `Source: file ${e.file} in ${e.bucket} (${e.method}), ${e.encryption_key ? "encrypted (key given)" : "not encrypted"}; ${credentialsOrigin(e)}.`,
    ];
  }
  const s = resolved.source;
  return [
    `Source: ${s.serviceId}, exact point ${utcSeconds(s.pointMs)}.`,
    `Chain (${s.chain.length}): ${chainText(s.chain)}.`,
    ...(s.note !== undefined ? [`Note: ${s.note}.`] : []),
  ];
}

/** Where the bucket credentials sent to the API come from; never their content. */
function credentialsOrigin(e: { credentials?: string; credentials_file?: string }): string {
  if (e.credentials_file !== undefined)
    return `credentials read by this server from ${quoted(e.credentials_file)}`;
  return e.credentials !== undefined ? "credentials given inline" : "no credentials sent";
}

const stepText = (step: RestoreStep) => `${step.type} ${step.id}`;

/** A long binlog tail is shortened in text; structuredContent's source.chain keeps every id. */
function chainText(chain: readonly RestoreStep[]): string {
  if (chain.length <= 10) return chain.map(stepText).join(", ");
  const hidden = chain.length - 8;
  const shown = [...chain.slice(0, 5).map(stepText), `… ${hidden} more (source.chain)`];
  return [...shown, ...chain.slice(-3).map(stepText)].join(", ");
}

function sourceRecord(resolved: ResolvedSource, withChain = true): Record<string, unknown> {
  if (resolved.kind === "external") {
    const { bucket, method, file } = resolved.external;
    return { kind: "external", bucket, method, file };
  }
  const s = resolved.source;
  const record = { kind: resolved.kind, service_id: s.serviceId, point: s.point };
  return withChain ? { ...record, chain: s.chain } : record;
}

/** The confirmed answer: what started where, without the chain the preview already showed. */
function startedRecord(
  resolved: ResolvedSource,
  target: TargetFacts,
  self: boolean,
): Record<string, unknown> {
  return {
    created: true,
    target_service_id: target.serviceId,
    ...(target.serviceName !== undefined && { target_service_name: target.serviceName }),
    onto_itself: self,
    source: sourceRecord(resolved, false),
  };
}

/** What the token is bound to: the chain and point, the target's restores, the verdict. */
function restoreFingerprint(
  resolved: ResolvedSource,
  target: TargetFacts,
  eligibility: Eligibility,
  /** The credentials as they will be sent: a file changed after the preview voids the token. */
  credentials?: string,
): Record<string, unknown> {
  return {
    source: sourceRecord(resolved),
    ...(credentials !== undefined && {
      credentials: createHash("sha256").update(credentials).digest("hex"),
    }),
    restores: target.restores,
    restore_count: target.restoreCount,
    eligible: eligibility.eligible,
    target_name: target.serviceName,
  };
}

/**
 * What a restore would put into the target: the source, the exact point and
 * the chain of backups, computed by plan_restore's planner from the source's
 * own backups. A backup or a point that no chain reaches is refused here,
 * before any request that writes.
 */
/** A managed or point-in-time source, resolved: what the preview shows and the token binds. */
interface ServiceSource {
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

async function resolveServiceSource(
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
  // "latest" is the model's newest point (recovery/model.ts's restorePoints), the one plan_restore and the audit
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

/**
 * The target of a restore as the preview shows it and the token binds it:
 * its name, the restores it already has, and whether the API would take
 * this source into it. Anything that rules the restore out is refused here,
 * before the request that erases data.
 */
/** The newest restores of the target the preview reads; a running one is among the newest. */
const RESTORES_READ = 20;

export interface TargetFacts {
  serviceId: string;
  serviceName?: string;
  cloud?: string;
  /** Its newest restores, id and status: the token is bound to them. */
  restores: IdAndStatus[];
  /** How many restores it has in all: a new one changes it even past the newest read. */
  restoreCount: number;
  running?: IdAndStatus;
  /** It has a backup of its own; without one, requireKnownTarget says whether it exists. */
  hasBackups: boolean;
}

export interface Eligibility {
  eligible: boolean;
  /** One phrase: why it is (or is not) eligible. */
  why: string;
}

/** A restore's id as the tools take it (a whole number), else the API's own text of it. */
type IdAndStatus = { id?: number; unusable_id?: string; status: string };

const idAndStatus = (r: Restore): IdAndStatus => ({
  ...(r.id !== undefined && { id: r.id }),
  ...(r.unusable_id !== undefined && { unusable_id: r.unusable_id }),
  status: r.status ?? "unknown",
});

export async function readTarget(serviceId: string, ctx: ToolContext): Promise<TargetFacts> {
  const opts = { signal: ctx.signal };
  // One after the other: a failing API then gives one clear error from one request, whose
  // retries are not cut short by its sibling's failure ending the call.
  const newest = await ctx.api.listBackups(
    { service_id: serviceId, page: 1, page_size: 1, order: "desc" },
    opts,
  );
  const page = await ctx.api.listRestores(
    // Newest first, asked for and then checked: the API documents no default order.
    { service_id: serviceId, page: 1, page_size: RESTORES_READ, order: "desc" },
    opts,
  );
  const own = newest.items.find((b) => b.service_id === serviceId);
  const mine = newestFirst(
    page.items.filter((r) => r.service_id === undefined || r.service_id === serviceId),
  );
  const restores = mine.map(idAndStatus);
  // Fail closed: the API lists no statuses, so anything not known to be finished
  // (Running, Scheduled, Pending, a status never seen) may still be changing the target.
  const running = mine.find((r) => !isFinished(r));
  return {
    serviceId,
    serviceName: own?.service_name ?? nameFrom(page.items, serviceId),
    cloud: typeof own?.cloud_provider === "string" ? own.cloud_provider : undefined,
    restores,
    restoreCount: Math.max(page.total, page.items.length),
    hasBackups: own !== undefined,
    ...(running !== undefined && {
      running: idAndStatus(running),
    }),
  };
}

const nameFrom = (restores: readonly Restore[], serviceId: string): string | undefined =>
  restores.find((r) => r.service_id === serviceId && typeof r.service_name === "string")
    ?.service_name;

/**
 * A target with no backup of its own is still a service when it has a
 * schedule, or when the API's restore lookup lists it for this source's base:
 * a service created minutes ago for a drill has neither backups nor schedules
 * yet, and is the usual target. Anything else is refused as unknown (a typo).
 */
async function requireKnownTarget(
  target: TargetFacts,
  resolved: ResolvedSource,
  eligibility: Eligibility,
  ctx: ToolContext,
): Promise<void> {
  if (target.hasBackups) return;
  if (resolved.kind === "backup" && eligibility.eligible) return;
  if (resolved.kind === "pitr" && (await listedForBase(resolved.source, target, ctx))) return;
  await requireKnownService(target.serviceId, ctx, NOTHING);
}

/** A point in time is restored from its chain's base: does the lookup list the target for it? */
async function listedForBase(
  source: ServiceSource,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<boolean> {
  const base = source.chain[0]?.id;
  if (base === undefined || !isSendableId("backup", base)) return false;
  // An API without the lookup leaves the question to the traces, as before.
  const { services } = await ctx.api
    .lookupRestoreTargets({ backup_id: base, service_id: source.serviceId }, { signal: ctx.signal })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status !== undefined) return { services: [] };
      throw error;
    });
  const match = services.find((s) => s.service_id === target.serviceId);
  if (match === undefined) return false;
  target.serviceName ??= match.service_name;
  return true;
}

/** A managed backup: the API's own list of services it can go into. */
async function backupEligibility(
  backupId: string,
  source: ServiceSource,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<Eligibility & { targetName?: string }> {
  const { services } = await ctx.api.lookupRestoreTargets(
    { backup_id: backupId, service_id: source.serviceId },
    { signal: ctx.signal },
  );
  const match = services.find((s) => s.service_id === target.serviceId);
  if (match !== undefined)
    return {
      eligible: true,
      why: "the API lists it as a target for this backup",
      targetName: match.service_name,
    };
  return {
    eligible: false,
    why: `the API does not list it among the ${services.length} services this backup can be restored into (same cloud provider${source.cloud ? `, ${source.cloud}` : ""}, not deleted)`,
  };
}

/** A point in time: the source's window from the API, and the same cloud on both sides. */
function pitrEligibility(
  source: ServiceSource,
  target: TargetFacts,
  window: { startMs: number; endMs: number } | undefined,
): Eligibility {
  if (window === undefined)
    return {
      eligible: false,
      why: `the API lists no point-in-time window for ${source.serviceId}`,
    };
  const range = `${utcSeconds(window.startMs)} to ${utcSeconds(window.endMs)}`;
  if (source.pointMs < window.startMs || source.pointMs > window.endMs)
    return {
      eligible: false,
      why: `the point is outside ${source.serviceId}'s point-in-time window, ${range}`,
    };
  if (source.cloud !== undefined && target.cloud !== undefined && source.cloud !== target.cloud)
    return {
      eligible: false,
      why: `the source runs on ${source.cloud} and the target on ${target.cloud}; a restore stays within one cloud provider`,
    };
  const clouds =
    source.cloud !== undefined && target.cloud !== undefined
      ? `same cloud (${source.cloud})`
      : "cloud of the target not known here, so the API will judge it";
  return {
    eligible: true,
    why: `the point is inside ${source.serviceId}'s window (${range}); ${clouds}`,
  };
}

async function pitrWindow(
  serviceId: string,
  ctx: ToolContext,
): Promise<{ startMs: number; endMs: number } | undefined> {
  const { services } = await ctx.api.pointInTimeSources(
    { service_id: serviceId },
    { signal: ctx.signal },
  );
  const entry = services.find((s) => s.service_id === serviceId);
  const startMs = parseApiTime(entry?.start_time);
  const endMs = parseApiTime(entry?.end_time);
  return startMs === undefined || endMs === undefined ? undefined : { startMs, endMs };
}

/** An external file: the API takes it into any service but an Azure one (snapshots only). */
function externalEligibility(external: ExternalArgs, target: TargetFacts): Eligibility {
  if (target.cloud === "azure")
    return {
      eligible: false,
      why: "the target runs on Azure, which restores only its own snapshots",
    };
  return {
    eligible: true,
    why: `an external ${external.method} backup can go into a ${target.cloud ?? "non-Azure"} service`,
  };
}

/** The refusals that need what was read: a restore running there, or an ineligible target. */
function refuseIfBlocked(target: TargetFacts, eligibility: Eligibility): void {
  if (target.running !== undefined) {
    throw new ToolError(
      `${target.serviceId} already has restore ${shownId(target.running)} ${target.running.status}: a service takes one restore at a time. Wait for it to end (get_restore) or cancel it (cancel_restore), then ask again. ${NOTHING}`,
    );
  }
  if (!eligibility.eligible)
    throw new ToolError(
      `${target.serviceId} cannot take this restore: ${eligibility.why}. ${NOTHING}`,
    );
}

export const createRestore = defineTool({
  name: "create_restore",
  title: "Restore a backup into a service",
  description:
    "Restore into target_service_id, ERASING its data. One source: backup_id, target_time or external. " +
    "Always previews first (confirmation_token).",
  kind: "overwrite",
  instruction: "create_restore (always previews; plan_restore first)",
  prompts: [
    {
      name: "restore-database",
      title: "Restore a service safely",
      description: "Plan, preview, confirm and watch a restore",
      alsoNeeds: ["plan_restore", "get_restore"],
      args: {
        source_service_id: "Service to restore from, e.g. dbtgf28216706",
        target_time: 'UTC time, e.g. "2026-11-26 14:05:00", or "latest"',
        target_service_id: "Service to restore INTO (its data is erased)",
      },
      message: ({ source_service_id, target_time, target_service_id }) =>
        [
          `I want to restore ${source_service_id} as of ${target_time} (UTC) into ${target_service_id}.`,
          `1. Call plan_restore for ${source_service_id} at ${target_time}; if it is not reachable, show me why and the nearest points, and stop.`,
          `2. Call create_restore with source_service_id, target_time and target_service_id, without a token, and show me its whole preview: what is erased, the chain, eligibility and any warning.`,
          "3. Only after I say yes, repeat the same call with its confirmation_token. If it answers with a fresh preview, show me that and ask again.",
          "4. Watch the restore with get_restore until it ends, and tell me how it ended.",
        ].join("\n"),
    },
  ],
  input: createRestoreInput,
  inputWithoutServerFiles: createRestoreInputWithoutServerFiles,
  output: createRestoreOutput,
  unknownOutcomeHint:
    "A restore may have started: check list_restores for the target before repeating.",
  statusHints: {
    400: "The API refused the restore (the message says why); nothing was restored.",
  },
  async run(input, ctx) {
    const clock = readClock(input.confirmation_token, ctx);
    const { args, pinned } = pinRelativeTime(input, clock.readAt);
    const choice = chooseSource(args);
    const self = checkOverwrite(choice, args);
    ctx.scope.check(args.target_service_id, "target service");
    if (choice.kind !== "external") ctx.scope.check(choice.serviceId, "source service");
    const secrets = registerExternalSecrets(args, ctx);
    const credentials =
      choice.kind === "external"
        ? await loadCredentials(
            choice.external.credentials,
            choice.external.credentials_file,
            ctx,
            cloudOf(choice.external.bucket),
          )
        : undefined;
    const target = await readTarget(args.target_service_id, ctx);
    const { resolved, eligibility } = await resolve(choice, target, ctx);
    await requireKnownTarget(target, resolved, eligibility, ctx);
    refuseIfBlocked(target, eligibility);
    const parts = restorePreview(resolved, target, eligibility, self);
    if (pinned !== undefined) {
      parts.details.unshift(pinnedLine(pinned));
      parts.preview.pinned_target_time = pinned.absolute;
    }
    const { confirmation_token, ...bound } = args;
    const decision = await ctx.confirm({
      tool: "create_restore",
      target: args.target_service_id,
      args: bound,
      state: restoreFingerprint(resolved, target, eligibility, credentials?.encoded),
      stateLabel: `the restore source or ${args.target_service_id}'s restores`,
      token: confirmation_token,
      alwaysConfirm: true,
      ...parts,
      ...(pinned !== undefined && {
        readAt: clock.readAt,
        refusalNote: pinnedRefusalNote(pinned, clock.fromToken),
      }),
    });
    if (!decision.proceed) return decision.output;
    const restore = await ctx.api.createRestore(bodyOf(resolved, args, credentials?.encoded), {
      signal: ctx.signal,
      secrets: [...secrets, ...(credentials?.secrets ?? [])],
    });
    // The API's id when it is a whole number; one written otherwise is only shown (api/records.ts).
    const apiId = restore.id ?? restore.unusable_id;
    return {
      // The chain was in the preview the user agreed to; the answer names what started.
      structured: {
        ...startedRecord(resolved, target, self),
        ...(pinned !== undefined && { pinned_target_time: pinned.absolute }),
        ...(restore.id !== undefined && { restore_id: restore.id }),
        status: restore.status ?? "unknown",
      },
      text: `Restore #${shownId(restore)} started into ${args.target_service_id} (status ${restore.status ?? "unknown"}); the service is stopped until it ends. ${followText(apiId, args.target_service_id)}`,
    };
  },
});

/** How to watch the restore: by its id, unless the API's id is one get_restore would refuse. */
function followText(id: unknown, targetId: string): string {
  if (isSendableId("restore", id)) return `Watch it with get_restore (id ${id}) until it ends.`;
  const why = id === undefined ? "the API returned no restore id" : invalidApiIdText("restore", id);
  return `${why}, so get_restore cannot follow it: watch list_restores for ${targetId} until it ends.`;
}

async function resolve(
  choice: ReturnType<typeof chooseSource>,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<{ resolved: ResolvedSource; eligibility: Eligibility }> {
  if (choice.kind === "external")
    return { resolved: choice, eligibility: externalEligibility(choice.external, target) };
  if (choice.kind === "backup") {
    const source = await resolveServiceSource(choice, ctx);
    const eligibility = await backupEligibility(choice.backupId, source, target, ctx);
    if (target.serviceName === undefined && eligibility.targetName !== undefined)
      target.serviceName = eligibility.targetName;
    return { resolved: { kind: "backup", source }, eligibility };
  }
  const window = await pitrWindow(choice.serviceId, ctx);
  const source = await resolveServiceSource(choice, ctx, window?.endMs);
  if (source.kind === "backup") {
    // "latest" landed on a base or incremental no binlog replays past: restored by its id.
    const lastId = source.chain.at(-1)?.id ?? "";
    const eligibility = await backupEligibility(lastId, source, target, ctx);
    return { resolved: { kind: "backup", source }, eligibility };
  }
  return {
    resolved: { kind: "pitr", source },
    eligibility: pitrEligibility(source, target, window),
  };
}

/** The encryption key is a secret from the moment it arrives, whatever happens next. */
function registerExternalSecrets(args: CreateRestoreArgs, ctx: ToolContext): string[] {
  const key = args.external?.encryption_key;
  if (key === undefined) return [];
  ctx.registerSecret(key);
  return [key];
}

const cloudOf = (bucket: string): "gcp" | "aws" => (bucket.startsWith("s3://") ? "aws" : "gcp");

/**
 * "-3h" means another moment at every call, so it is read once, at the preview,
 * and the preview's token carries that moment (signed, so any replica reads it
 * alike): the same words repeated with the token mean the point the user saw.
 */
function readClock(
  token: string | undefined,
  ctx: ToolContext,
): { readAt: number; fromToken: boolean } {
  const carried = token === undefined ? undefined : ctx.confirm.previewClock(token);
  return carried === undefined
    ? { readAt: ctx.now().getTime(), fromToken: false }
    : { readAt: carried, fromToken: true };
}

interface PinnedTime {
  /** As the caller wrote it: "-3h". */
  given: string;
  /** The second it means, in the form target_time accepts: "2026-12-05 04:12:00". */
  absolute: string;
}

/** Pins a relative target_time to the second it means at `readAtMs`; other inputs pass unchanged. */
function pinRelativeTime<A extends { target_time?: string }>(
  args: A,
  readAtMs: number,
): { args: A; pinned?: PinnedTime } {
  const given = args.target_time;
  const ms = given === undefined ? undefined : pinRelativeTimeMs(given, readAtMs);
  if (given === undefined || ms === undefined) return { args };
  const absolute = utcSeconds(ms).replace(" UTC", "");
  return { args: { ...args, target_time: absolute }, pinned: { given, absolute } };
}

const pinnedLine = ({ given, absolute }: PinnedTime): string =>
  `target_time "${given}" is pinned to "${absolute}" (UTC) and the token holds that point: repeat the same call (target_time "${given}" or "${absolute}") with the token.`;

/** Why a token may not fit a relative time: the moment it was read at is named. */
const pinnedRefusalNote = ({ given, absolute }: PinnedTime, fromToken: boolean): string =>
  fromToken
    ? `target_time "${given}", read at the moment the token's preview read it, means "${absolute}".`
    : `The token holds no pinned point, so target_time "${given}" was read now, as "${absolute}".`;
