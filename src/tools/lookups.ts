/**
 * Is a service id one the account knows? The Backups API has no services
 * endpoint, so a service is known by its traces: a backup or a schedule (a
 * real service always has one of them, as nightly fulls are scheduled for
 * every service by default). Reads ask only when their own answer came back
 * empty, so a normal read costs nothing extra; a create asks before it
 * writes (a cron create only when the service has no schedules). An id with
 * no trace gets the same plain message from every tool, never "nothing
 * scheduled".
 */
import { plural } from "../util/format.js";
import type { z } from "zod";
import { ApiError } from "../api/errors.js";
import { belongsTo, type BackupPage, type Schedule } from "../api/records.js";
import {
  findServicesNamed,
  restoreKey,
  restorePages,
  scheduleKey,
  schedulePages,
} from "../paging/account.js";
import { fetchAllPages } from "../paging/fetch-all.js";
import { restoredAtOf } from "../recovery/model.js";
import { NO_SERVER_FILES } from "../safety/credential-files.js";
import type { ToolContext, ToolOutput } from "./define.js";
import { isSendableId } from "../util/ids.js";
import { ToolError } from "../util/tool-error.js";

export interface ServiceTraces {
  serviceId: string;
  /** Backups of any status the API reports for the service. */
  backups: number;
  schedules: number;
}

type KnownServiceCheck =
  ({ known: true } & ServiceTraces) | { known: false; serviceId: string; message: string };

/** "no backups or schedules are known for dbxyz…: check the id; list_services shows the known ones" */
function unknownServiceMessage(serviceId: string, idsForName: readonly string[] = []): string {
  const plain = `no backups or schedules are known for ${serviceId}: check the id; list_services shows the known ones`;
  if (idsForName.length === 0) return plain;
  const ids = idsForName.join(", ");
  const its =
    idsForName.length === 1 ? `its id is ${ids}` : `the services of that name have ids ${ids}`;
  return `${serviceId} is a service name, not an id: ${its}; call again with the id`;
}

/** Two one-row requests side by side; on an unknown id, a bounded look for a service of that name. */
async function checkKnownService(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
): Promise<KnownServiceCheck> {
  const one = { service_id: serviceId, page: 1, page_size: 1 };
  const [backups, schedules] = await Promise.all([
    ctx.api.listBackups(one, { signal: ctx.signal }),
    ctx.api.listSchedules(one, { signal: ctx.signal }),
  ]);
  // The filter is not trusted: a row naming another service proves nothing about this id.
  // When the row is this service's, its count stands (the API may leave it out: then the rows).
  const traces: ServiceTraces = {
    serviceId,
    backups: provenCount(backups.items, backups.total, serviceId),
    schedules: provenCount(schedules.items, schedules.total, serviceId),
  };
  if (traces.backups > 0 || traces.schedules > 0) return { known: true, ...traces };
  const ids = await findServicesNamed(serviceId, ctx);
  return { known: false, serviceId, message: unknownServiceMessage(serviceId, ids) };
}

/**
 * Throws the unknown-service refusal (plus what was not done, e.g. "Nothing
 * was created.") when the id has no trace; returns the traces otherwise.
 */
export async function requireKnownService(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
  consequence?: string,
): Promise<ServiceTraces> {
  const check = await checkKnownService(serviceId, ctx);
  if (check.known) return check;
  throw new ToolError(consequence ? `${check.message}. ${consequence}` : check.message);
}

/** An honest line for a known service whose list came back empty, or undefined when nothing needs saying. */
export function emptyButKnownLine(traces: ServiceTraces): string | undefined {
  if (traces.backups === 0) {
    return `${traces.serviceId} has no backups yet; it has ${plural(traces.schedules, "schedule")} (list_backup_schedules).`;
  }
  if (traces.schedules === 0) {
    return `${traces.serviceId} has ${plural(traces.backups, "backup")} but no backup schedule, so this API makes no scheduled backups of it.`;
  }
  return undefined;
}

/**
 * For a list of one service's records: when the API reported none at all,
 * refuses an unknown id, or adds the honest line for a known one. Any
 * other answer passes through untouched, with no extra request.
 */
export async function checkedIfEmpty(
  output: ToolOutput,
  serviceId: string | undefined,
  reportedNone: boolean,
  ctx: Pick<ToolContext, "api" | "signal" | "scope">,
): Promise<ToolOutput> {
  if (serviceId === undefined || !reportedNone) return output;
  const line = emptyButKnownLine(await requireKnownService(serviceId, ctx));
  return line === undefined ? output : { ...output, text: `${output.text}\n${line}` };
}

/**
 * GET /backups/{service_id} may answer 404 for a service with no backups
 * yet as well as for an unknown id: read it as an empty list, which
 * checkedIfEmpty then tells apart.
 */
export function noBackupsOn404(error: unknown): BackupPage {
  if (error instanceof ApiError && error.status === 404) return { items: [], total: 0, pages: 0 };
  throw error;
}

function provenCount(
  rows: readonly { service_id?: unknown }[],
  reported: number,
  serviceId: string,
): number {
  const mine = rows.filter((row) => belongsTo(row, serviceId)).length;
  if (mine === 0) return 0;
  return Math.max(reported, mine);
}

/**
 * When restores replaced a service's data: the moments its binary log starts
 * a new timeline (recovery/model.ts's binlogSegments), which every view of "what a restore
 * can reach" must know alike (plan_restore, create_restore, list_services,
 * and the audit from its own restore history). Every restore into the
 * service counts, whatever its outcome: a failed one may still have erased
 * the data, and assuming a break can only make a view more cautious.
 */
const PAGE_SIZE = 100;

/**
 * The restores into `serviceId`, as moments. An API without the restore
 * endpoints (404, 405) has none to tell of; any other failure is the call's.
 */
export interface RestoredAt {
  moments: number[];
  /** Set when the history could not be read: the views go on without it, and say so. */
  unread?: string;
}

export async function restoredAt(
  serviceId: string,
  ctx: Pick<ToolContext, "api" | "signal">,
): Promise<RestoredAt> {
  if (!isSendableId("service", serviceId)) return { moments: [] };
  const moments: number[] = [];
  try {
    await fetchAllPages(restorePages(ctx.api, serviceId), {
      signal: ctx.signal,
      pageSize: PAGE_SIZE,
      idOf: restoreKey,
      onPage: (items) => {
        for (const restore of items) {
          // The API's service filter is not trusted: a restore into another service is no break here.
          if (restore.service_id !== undefined && restore.service_id !== serviceId) continue;
          const at = restoredAtOf(restore);
          if (at !== undefined) moments.push(at);
        }
      },
    });
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (!(error instanceof ApiError)) throw error;
    // No restore endpoints (404, 405): no restores to tell of. Any other failure: said.
    if (error.status === 404 || error.status === 405) return { moments: [] };
    return {
      moments: [],
      unread: `restores into ${serviceId} could not be read (${error.method} ${error.path.split("?")[0] ?? ""} -> ${error.status ?? error.kind}): a restore into it, which starts a new binlog timeline, may be missed`,
    };
  }
  return { moments };
}

/**
 * Every schedule of one service, through the shared pager. The API's
 * service_id filter is not trusted: a record naming another service is
 * dropped, so no preview, duplicate check or write ever acts on it. A record
 * naming no service is kept, as the filter is all there is to place it.
 */
export async function listAllSchedules(serviceId: string, ctx: ToolContext): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  await fetchAllPages(schedulePages(ctx.api, serviceId), {
    signal: ctx.signal,
    idOf: scheduleKey,
    onPage: (items) => schedules.push(...items.filter((s) => belongsTo(s, serviceId))),
  });
  return schedules;
}

/**
 * Storage credentials come as plain text or as a file read at call time
 * (so the secret need not pass through the conversation at all). Either way
 * the value is registered as a secret for the call and sent base64-encoded.
 * Which files may be read is the server's to decide (safety/credential-files.ts).
 */
const CLOUD_NAMES = { gcp: "a GCP service-account JSON", aws: "an AWS credentials INI" } as const;

export async function loadCredentials(
  inline: string | undefined,
  file: string | undefined,
  ctx: ToolContext,
  /** The cloud of the bucket they are for: a gs:// bucket needs GCP credentials, s3:// AWS ones. */
  cloud?: "gcp" | "aws",
): Promise<{ encoded: string; secrets: string[] } | undefined> {
  if (inline !== undefined && file !== undefined) {
    throw new ToolError("give either credentials or credentials_file, not both. Nothing was sent.");
  }
  let text = inline;
  if (file !== undefined) text = await ctx.readCredentialsFile(file);
  if (text === undefined) return undefined;
  const encoded = Buffer.from(text, "utf8").toString("base64");
  const secrets = secretParts(text, encoded);
  for (const secret of secrets) ctx.registerSecret(secret);
  const kind = credentialsKind(text);
  if (kind !== undefined && cloud !== undefined && kind !== cloud) {
    throw new ToolError(
      `credentials are ${CLOUD_NAMES[kind]}, but the bucket is ${cloud === "gcp" ? "a Google Cloud Storage (gs://)" : "an Amazon S3 (s3://)"} bucket, which needs ${CLOUD_NAMES[cloud]}. Nothing was sent.`,
    );
  }
  if (kind === undefined) {
    // The value itself is never quoted: it is a secret even when it is the wrong one.
    throw new ToolError(
      'credentials are neither a GCP service-account JSON (an object with type "service_account", or client_email and private_key) nor an AWS credentials INI ([default] with aws_access_key_id and aws_secret_access_key). Give the key file as it was downloaded. Nothing was sent.',
    );
  }
  return { encoded, secrets };
}

/**
 * Every form in which a credential could come back from the API: the whole
 * text, its base64, each line (or what follows "=" in an INI line), and for
 * a JSON key every string value, decoded (a private_key with real newlines)
 * and JSON-escaped, plus each line of a PEM body.
 */
function secretParts(text: string, encoded: string): string[] {
  const parts = [text, encoded];
  const add = (value: string) => {
    const trimmed = value.trim();
    // An INI section header ("[default]") is no secret, and scrubbing it would garble help texts.
    if (trimmed.length >= 8 && !/^\[[^\]]*\]$/.test(trimmed)) parts.push(trimmed);
  };
  for (const line of text.split(/\r?\n/))
    add(line.includes("=") ? line.slice(line.indexOf("=") + 1) : line);
  for (const value of jsonStrings(text)) {
    add(value);
    add(JSON.stringify(value).slice(1, -1));
    for (const line of value.split(/\r?\n/)) add(line);
  }
  return parts;
}

/** Fields every GCP key file shares: public, and scrubbing them would garble help texts. */
const PUBLIC_KEY_FIELDS = new Set([
  "type",
  "auth_uri",
  "token_uri",
  "auth_provider_x509_cert_url",
  "universe_domain",
]);

function jsonStrings(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return [];
    return Object.entries(parsed as Record<string, unknown>)
      .filter(([key]) => !PUBLIC_KEY_FIELDS.has(key))
      .map(([, value]) => value)
      .filter((value): value is string => typeof value === "string");
  } catch {
    return [];
  }
}

/** Which kind of storage credentials a text is; undefined when it is neither. */
function credentialsKind(text: string): "gcp" | "aws" | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
      const key = parsed as Record<string, unknown>;
      const serviceAccount = key.type === "service_account";
      const hasKey = typeof key.client_email === "string" && typeof key.private_key === "string";
      return serviceAccount || hasKey ? "gcp" : undefined;
    } catch {
      return undefined;
    }
  }
  const lines = trimmed.split(/\r?\n/).map((line) => line.trim());
  const has = (name: string) =>
    lines.some((line) => new RegExp(`^${name}\\s*=\\s*\\S`, "i").test(line));
  const section = lines.some((line) => /^\[[^\]]+\]$/.test(line));
  return section && has("aws_access_key_id") && has("aws_secret_access_key") ? "aws" : undefined;
}

/**
 * For the strict object that carries credentials where no file is offered:
 * a credentials_file sent anyway is refused in words that say what to do,
 * not as an "unrecognized key".
 */
export const refuseServerFiles: z.core.$ZodErrorMap = (issue) =>
  issue.code === "unrecognized_keys" && issue.keys.includes("credentials_file")
    ? NO_SERVER_FILES
    : undefined;
