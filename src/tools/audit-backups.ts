import { z } from "zod";
import { collectAudit } from "../audit/collect.js";
import { auditText } from "../audit/text.js";
import { defineTool } from "./define.js";
import { serviceId } from "./fields.js";

export const DEFAULT_MAX_AGE_HOURS = 26;
export const DEFAULT_LOOKBACK_DAYS = 7;
const MAX_SERVICES = 100;

const verdict = z.enum(["ok", "warning", "critical"]);
const finding = z.looseObject({
  severity: z.enum(["critical", "warning", "info"]),
  service_id: z.string(),
  kind: z.string(),
  message: z.string(),
});
const serviceSummary = z.looseObject({
  service_id: z.string(),
  service_name: z.string().optional(),
  status: verdict,
  backups_total: z.number(),
  last_success: z
    .looseObject({
      time: z.string(),
      type: z.string(),
      age_hours: z.number(),
      id: z.string().optional(),
    })
    .optional(),
  window: z.looseObject({
    backups: z.number(),
    by_status: z.record(z.string(), z.number()),
    by_type: z.record(z.string(), z.number()),
    storage_bytes: z.number(),
  }),
  schedules: z
    .looseObject({
      count: z.number(),
      suspended: z.number(),
      next_runs: z.array(z.looseObject({ time: z.string(), type: z.string() })),
    })
    .optional(),
});

export const auditBackups = defineTool({
  name: "audit_backups",
  title: "Audit backups",
  description:
    "Health check of backups in one call, computed exactly on the server over every page: for each service, " +
    "the newest successful backup against a recovery-point target, failure streaks, stuck backups, missing or suspended " +
    "schedules, missing full backups and binary-log gaps. Use instead of paging through list_backups to answer " +
    '"are my backups OK?". Returns verdict, findings (severity, service_id, kind, message) and per-service summaries.',
  kind: "read",
  input: z
    .strictObject({
      service_id: serviceId
        .optional()
        .describe("Audit only this service (default: every service); or use service_ids, not both"),
      service_ids: z
        .array(serviceId)
        .min(1)
        .max(MAX_SERVICES)
        .optional()
        .describe(`Audit only these services (1-${MAX_SERVICES} ids)`),
      max_age_hours: z
        .number()
        .int()
        .min(1)
        .max(8760)
        .optional()
        .describe(
          `Recovery-point target in hours (1-8760, default ${DEFAULT_MAX_AGE_HOURS}): a service whose newest successful backup is older is stale`,
        ),
      lookback_days: z
        .number()
        .int()
        .min(1)
        .max(90)
        .optional()
        .describe(
          `Days of history for counts, storage, failures, full-backup and binary-log checks (1-90, default ${DEFAULT_LOOKBACK_DAYS})`,
        ),
    })
    .refine(
      (args) => args.service_id === undefined || args.service_ids === undefined,
      "give service_id or service_ids, not both",
    ),
  output: z.looseObject({
    verdict,
    findings: z.array(finding),
    services: z.array(serviceSummary),
    backups_scanned: z.number(),
    generated_at: z.string(),
    max_age_hours: z.number(),
    lookback_days: z.number(),
  }),
  async run(args, ctx) {
    const asked = args.service_ids ?? (args.service_id ? [args.service_id] : undefined);
    for (const id of asked ?? []) ctx.scope.check(id);
    // Under --services an unfiltered audit covers exactly the allowed services.
    const services = asked ? [...new Set(asked)] : ctx.scope.services;
    const report = await collectAudit({
      api: ctx.api,
      signal: ctx.signal,
      progress: ctx.progress,
      now: ctx.now(),
      maxAgeHours: args.max_age_hours ?? DEFAULT_MAX_AGE_HOURS,
      lookbackDays: args.lookback_days ?? DEFAULT_LOOKBACK_DAYS,
      ...(services && { services }),
      readSchedulesOf: (id) => serviceId.safeParse(id).success,
    });
    return { structured: { ...report }, text: auditText(report) };
  },
});
