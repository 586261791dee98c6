/**
 * create_restore's input: the fields, and the one rule the schema cannot
 * say: exactly one source. Checked before any request, so a mistyped call
 * costs nothing and touches nothing.
 */
import { z } from "zod";
import { confirmationToken, serviceId } from "../fields.js";
import { ID_RULES } from "../../util/ids.js";
import { isTimeInput, TIME_INPUT_HELP } from "../../util/time.js";
import { ToolError } from "../../util/tool-error.js";
import { refuseServerFiles } from "../schedules/storage-credentials.js";

export const TARGET_TIME_HELP = `target_time must be "latest" or ${TIME_INPUT_HELP}`;
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

export const createRestoreInput = restoreInput(external);
export const createRestoreInputWithoutServerFiles = restoreInput(inlineExternal);

export type CreateRestoreArgs = z.output<typeof createRestoreInput>;
export type ExternalArgs = z.output<typeof external>;

export type SourceChoice =
  | { kind: "backup"; serviceId: string; backupId: string }
  | { kind: "pitr"; serviceId: string; targetTime: string }
  | { kind: "external"; external: ExternalArgs };

/** The one source the call names, or an error that says how to name exactly one. */
export function chooseSource(args: CreateRestoreArgs): SourceChoice {
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
export function checkOverwrite(source: SourceChoice, args: CreateRestoreArgs): boolean {
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
