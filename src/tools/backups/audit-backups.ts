import { z } from "zod";
import { collectAudit } from "../../audit/auditor.js";
import { auditText } from "../../audit/text.js";
import { AUDIT_LIMITS, DEFAULT_RESTORE_DRILL_DAYS } from "../../audit/types.js";
import {
  DEFAULT_MAX_AGE_HOURS,
  GROWTH_FACTOR,
  SUSPECT_SHRINK_PERCENT,
} from "../../recovery/model.js";
import { defineTool, serviceId } from "../define.js";
import { auditOutput } from "../outputs.js";

const DEFAULT_LOOKBACK_DAYS = 7;
const DEFAULT_MAX_FULL_AGE_DAYS = 7;
const MAX_SERVICES = 100;

export const auditBackups = defineTool({
  name: "audit_backups",
  title: "Audit backups",
  description:
    "Backup health of all services in one call: stale, failing or stuck backups, schedules missing or not running, " +
    "no recent full, binary-log gaps or lag. Use instead of paging list_backups. Returns verdict, findings (with what to do), per-service controls.",
  kind: "read",
  prompts: [
    {
      name: "audit-backups",
      title: "Audit backup posture",
      description: "Which databases lack a good recent backup, and what to do about it",
      message: () =>
        "Audit my MariaDB Cloud backups with audit_backups (one call). Start with the verdict, then list each critical and warning finding with the service and the fix. Do not page through list_backups yourself.",
    },
  ],
  instruction:
    "Posture questions (which databases are unprotected: stale, failing or stuck backups, schedules missing, suspended or not running, no recent full, binlog gaps): one audit_backups call; do not page list_backups to count.",
  skipSecretFieldScan: true,
  input: z
    .strictObject({
      service_id: serviceId.optional().describe("Only this service (default: all)"),
      service_ids: z
        .array(serviceId)
        .min(1)
        .max(MAX_SERVICES)
        .optional()
        .describe("Only these services"),
      max_age_hours: z
        .number()
        .int()
        .min(AUDIT_LIMITS.max_age_hours.min)
        .max(AUDIT_LIMITS.max_age_hours.max)
        .optional()
        .describe(
          `Recovery-point target: newest success must be younger (default ${DEFAULT_MAX_AGE_HOURS})`,
        ),
      lookback_days: z
        .number()
        .int()
        .min(AUDIT_LIMITS.lookback_days.min)
        .max(AUDIT_LIMITS.lookback_days.max)
        .optional()
        .describe(`Days of history to check (default ${DEFAULT_LOOKBACK_DAYS})`),
      max_full_age_days: z
        .number()
        .int()
        .min(AUDIT_LIMITS.max_full_age_days.min)
        .max(AUDIT_LIMITS.max_full_age_days.max)
        .optional()
        .describe(
          `Newest full/snapshot/dump must be younger (default ${DEFAULT_MAX_FULL_AGE_DAYS})`,
        ),
      require_restore_drill_days: z
        .number()
        .int()
        .min(AUDIT_LIMITS.require_restore_drill_days.min)
        .max(AUDIT_LIMITS.require_restore_drill_days.max)
        .optional()
        .describe(
          `Warn if no restore from it succeeded in N days (else info at ${DEFAULT_RESTORE_DRILL_DAYS})`,
        ),
      suspect_shrink_percent: z
        .number()
        .int()
        .min(AUDIT_LIMITS.suspect_shrink_percent.min)
        .max(AUDIT_LIMITS.suspect_shrink_percent.max)
        .optional()
        .describe(
          `A base this % under its type's median is suspect (default ${SUSPECT_SHRINK_PERCENT})`,
        ),
      growth_factor: z
        .number()
        .int()
        .min(AUDIT_LIMITS.growth_factor.min)
        .max(AUDIT_LIMITS.growth_factor.max)
        .optional()
        .describe(`Info when a base grows over N times in a week (default ${GROWTH_FACTOR})`),
    })
    .refine(
      (args) => args.service_id === undefined || args.service_ids === undefined,
      "give service_id or service_ids, not both",
    ),
  output: auditOutput,
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
      maxFullAgeDays: args.max_full_age_days ?? DEFAULT_MAX_FULL_AGE_DAYS,
      restoreDrillDays: args.require_restore_drill_days ?? DEFAULT_RESTORE_DRILL_DAYS,
      requireRestoreDrill: args.require_restore_drill_days !== undefined,
      suspectShrinkPercent: args.suspect_shrink_percent ?? SUSPECT_SHRINK_PERCENT,
      growthFactor: args.growth_factor ?? GROWTH_FACTOR,
      ...(services && { services }),
      scope: ctx.scope,
    });
    return { structured: { ...report }, text: auditText(report) };
  },
});
