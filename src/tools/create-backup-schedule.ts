import { z } from "zod";
import { defineTool } from "./define.js";
import { hasControlCharacters } from "../util/control-chars.js";
import { backupType, schedule, serviceId } from "./fields.js";
import { scheduleOutput } from "./output.js";
import { describeSchedule } from "./describe-schedule.js";

const externalStorage = z
  .strictObject({
    bucket_path: z
      .string()
      .min(1)
      .max(1024)
      .refine(
        (path) => !hasControlCharacters(path),
        "bucket_path must not contain control characters",
      )
      .describe("Bucket path, e.g. gs://my-bucket/backups or s3://my-bucket/backups"),
    credentials: z
      .string()
      .min(1)
      .max(64 * 1024)
      .optional()
      .describe(
        "Plain text of the GCP service-account JSON or the AWS credentials INI; sent base64-encoded, never echoed",
      ),
  })
  .optional()
  .describe("Store backups in your own bucket instead of MariaDB Cloud's");

export const createBackupSchedule = defineTool({
  name: "create_backup_schedule",
  title: "Create a backup schedule",
  description:
    'Schedule backups for a service: "once" starts one backup now; a 5-field cron in UTC repeats ' +
    '(e.g. nightly full: "0 2 * * *"). Returns the new schedule; its id is in id.',
  kind: "create",
  input: z.strictObject({
    service_id: serviceId,
    backup_type: backupType.describe(
      "full (physical), incremental (on the last full), binarylog (for point-in-time restore), dump (logical), snapshot (volume)",
    ),
    schedule,
    external_storage: externalStorage,
  }),
  output: scheduleOutput,
  statusHints: { 404: "Check the service id; list_backups shows the services that have backups." },
  async run(args, { api, signal }) {
    const storage = args.external_storage;
    const created = await api.createSchedule(
      {
        service_id: args.service_id,
        backup_type: args.backup_type,
        schedule: args.schedule,
        ...(storage && {
          external_storage: {
            bucket: {
              path: storage.bucket_path,
              // The API's credentials field is a Go []byte: JSON carries it as base64.
              ...(storage.credentials && {
                credentials: Buffer.from(storage.credentials, "utf8").toString("base64"),
              }),
            },
          },
        }),
      },
      { signal },
    );
    return { structured: { ...created }, text: describeSchedule(created, "Created schedule") };
  },
});
