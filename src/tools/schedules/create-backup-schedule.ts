import { shownId, type Schedule } from "../../api/records.js";
import { z } from "zod";
import { defineTool, backupType, schedule, serviceId } from "../define.js";
import { scheduleOutput } from "../outputs.js";
import {
  scheduleSentence,
  viewSchedule,
  overlapWarnings,
  runningBackupWarning,
  BUCKET_PATH_RULE,
  bucketCloud,
  describeDestination,
  isBucketPath,
  sameDestination,
} from "./schedule-view.js";
import { hasControlCharacters } from "../../util/untrusted-text.js";
import {
  listAllSchedules,
  loadCredentials,
  refuseServerFiles,
  requireKnownService,
} from "../lookups.js";
import { sameSchedule, FREQUENT_ADVICE, frequentBaseProblem } from "../../cron/parse.js";
import { ToolError } from "../../util/tool-error.js";

const storageFields = {
  bucket_path: z
    .string()
    .refine(
      (path) => path.length >= 1 && path.length <= 1024,
      "bucket_path must be 1-1024 characters",
    )
    .refine(
      (path) => !hasControlCharacters(path),
      "bucket_path must not contain control characters",
    )
    .refine(isBucketPath, BUCKET_PATH_RULE)
    .describe("e.g. gs://bucket/path or s3://bucket/path"),
  credentials: z
    .string()
    .refine(
      (text) => text.length >= 1 && text.length <= 64 * 1024,
      "credentials must be 1 to 65536 characters",
    )
    .optional()
    .describe("GCP service-account JSON or AWS INI, as plain text; never shown"),
};

const credentialsFile = z
  .string()
  .refine(
    (path) => path.length >= 1 && path.length <= 4096,
    "credentials_file must be 1-4096 characters",
  )
  .refine(
    (path) => !hasControlCharacters(path),
    "credentials_file must not contain control characters",
  )
  .optional()
  .describe("Or: path of that file on the server's machine");

const STORAGE_HELP = "Your own bucket instead of MariaDB Cloud's";
const externalStorage = z
  .strictObject({ ...storageFields, credentials_file: credentialsFile })
  .optional()
  .describe(STORAGE_HELP);
/** Team mode: credentials come inline only (the server reads no file for a remote caller). */
const inlineStorage = z
  .strictObject(storageFields, { error: refuseServerFiles })
  .optional()
  .describe(STORAGE_HELP);

const NEW_SERVICE_HINT =
  "Nothing was created. If the service was created moments ago and has no backup yet, repeat with new_service: true.";

export const createBackupSchedule = defineTool({
  name: "create_backup_schedule",
  title: "Create a backup schedule",
  description:
    "Schedule backups for a service: one now (once) or on a UTC cron. Returns the new schedule (id).",
  kind: "create",
  prompts: [
    {
      name: "schedule-backups",
      title: "Schedule backups for a service",
      description: "Review a service's schedules and propose nightly full + point-in-time coverage",
      alsoNeeds: ["list_backup_schedules"],
      args: { service_id: "Service id, e.g. dbtgf28216706" },
      message: ({ service_id }) =>
        `Look at the backup schedules of ${service_id} with list_backup_schedules. If it lacks a nightly full backup or hourly binary-log backups for point-in-time recovery, propose create_backup_schedule calls (5-field UTC cron, e.g. "0 2 * * *"), show them to me, and create them only after I agree. Never create a duplicate.`,
    },
  ],
  instruction:
    'create_backup_schedule ("once" = one backup now, or 5-field cron; refuses an identical existing schedule)',
  input: scheduleInput(externalStorage),
  inputWithoutServerFiles: scheduleInput(inlineStorage),
  output: scheduleOutput,
  unknownOutcomeHint:
    "Before repeating, check list_backup_schedules for the service (and list_backups status=Running for a once backup): it may have been created.",
  statusHints: { 404: "Check the service id; list_services shows the known ones." },
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    const frequent = frequentBaseProblem(args.backup_type, args.schedule);
    if (frequent && args.allow_frequent !== true) {
      throw new ToolError(`${frequent}. Nothing was created. ${FREQUENT_ADVICE}`);
    }
    const storage = args.external_storage;
    const credentials = await loadCredentials(
      storage?.credentials,
      storage?.credentials_file,
      ctx,
      storage && bucketCloud(storage.bucket_path),
    );
    const bucketPath = storage?.bucket_path;
    let warnings: string[] = [];
    // A real service has backups or its default nightly schedule; an id with neither is a typo,
    // unless the caller says the service was just created.
    const known = (): Promise<unknown> =>
      args.new_service === true
        ? Promise.resolve()
        : requireKnownService(args.service_id, ctx, NEW_SERVICE_HINT);
    if (args.schedule === "once") {
      await known();
      warnings = await runningBackupWarning(args.service_id, ctx);
    } else {
      const existing = await listAllSchedules(args.service_id, ctx);
      if (existing.length === 0) await known();
      if (args.allow_duplicate !== true) refuseDuplicate(args, existing, bucketPath);
      warnings = overlapWarnings(args.schedule, args.backup_type, existing, ctx.now());
    }
    const created = await ctx.api.createSchedule(
      {
        service_id: args.service_id,
        backup_type: args.backup_type,
        schedule: args.schedule,
        ...(storage && {
          external_storage: {
            bucket: {
              path: storage.bucket_path,
              ...(credentials && { credentials: credentials.encoded }),
            },
          },
        }),
      },
      { signal: ctx.signal, ...(credentials && { secrets: credentials.secrets }) },
    );
    const view = viewSchedule(created, ctx.now());
    const text = [
      scheduleSentence(view, "Created schedule"),
      `Backups go to ${describeDestination(bucketPath)}.`,
      ...warnings.map((w) => `Warning: ${w}`),
    ].join("\n");
    return { structured: { ...view, ...(warnings.length > 0 && { warnings }) }, text };
  },
});

function scheduleInput<Storage extends z.ZodType>(storage: Storage) {
  return z.strictObject({
    service_id: serviceId,
    backup_type: backupType.describe(
      "incremental builds on the last full; binarylog enables point-in-time restore",
    ),
    schedule,
    external_storage: storage,
    allow_duplicate: z.boolean().optional().describe("Create even if an identical one exists"),
    allow_frequent: z.boolean().optional().describe("Allow full/dump/snapshot more than hourly"),
    new_service: z.boolean().optional().describe("The service is new: no backups or schedules yet"),
  });
}

/** Same type, same times and same destination: refused, naming the schedule that already does it. */
function refuseDuplicate(
  args: { service_id: string; backup_type: string; schedule: string },
  existing: readonly Schedule[],
  bucketPath: string | undefined,
): void {
  const twins = existing.filter(
    (s) => s.type === args.backup_type && sameSchedule(s.schedule ?? "", args.schedule),
  );
  const twin =
    twins.find((s) => sameDestination(s, bucketPath) === true) ??
    twins.find((s) => sameDestination(s, bucketPath) === "unknown");
  if (!twin) return;
  const unsure =
    sameDestination(twin, bucketPath) === "unknown"
      ? ` The API does not say where #${shownId(twin)} stores its backups, so it may be a copy of this one for ${describeDestination(bucketPath)}.`
      : ` Both store to ${describeDestination(bucketPath)}.`;
  throw new ToolError(
    `schedule #${shownId(twin)} already makes ${args.backup_type} backups of ${args.service_id} on "${twin.schedule ?? ""}"${twin.suspended ? " (suspended: resume it with update_backup_schedule)" : ""}.${unsure} Nothing was created; pass allow_duplicate: true to create another anyway.`,
  );
}
