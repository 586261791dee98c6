/**
 * What each tool puts in structuredContent, as the outputSchema tools/list
 * publishes. Every key a tool sends is declared here (test/mcp/output-
 * schemas.test.ts fails on one that is not), so a client that generates types
 * or validates results sees every field it will be sent.
 *
 * Every object is loose: the API may add fields at any time, and the SDK
 * validates structuredContent against these on both sides, so an extra field
 * passes and a declared one must have its declared type. Records from the API
 * are declared from the same field tables api/records.ts reads them by, so
 * what is read and what is declared cannot drift. No field carries a
 * description: the tools' texts say what matters, and hosts such as Claude
 * Code give the model name, description and inputSchema only.
 */
import { z } from "zod";
import {
  BACKUP_FIELDS,
  RESTORE_FIELDS,
  SCHEDULE_FIELDS,
  type FieldKind,
  type FieldTable,
} from "../api/records.js";

const text = z.string().optional();
const texts = z.array(z.string()).optional();
const count = z.number();
const flag = z.boolean().optional();
const obj = z.looseObject;
/** A map whose keys are data (labels, counts by status): any key, values as given. */
const anyKeys = <V extends z.ZodType>(value: V) => z.record(z.string(), value).optional();

/** A schedule's or restore's id: a whole number, as the tools take it (api/records.ts). */
const recordId = z.int();
const ids = z.array(recordId).optional();

const KIND_SCHEMAS: Record<FieldKind, z.ZodType> = {
  string: text,
  word: text,
  key: text,
  number: z.number().optional(),
  id: recordId.optional(),
  boolean: flag,
  record: anyKeys(z.unknown()),
};

/** A record as api/records.ts reads it: its table's fields, plus unusable_id where ids are whole numbers. */
function apiRecord(table: FieldTable, extra: z.ZodRawShape = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const [field, kind] of Object.entries(table)) shape[field] = KIND_SCHEMAS[kind];
  if (Object.values(table).includes("id")) shape.unusable_id = text;
  return obj({ ...shape, ...extra });
}

const backupRecord = apiRecord(BACKUP_FIELDS);
/** A schedule as shown (schedule-view.ts): the API's fields, the cron in words, the next runs. */
const scheduleRecord = apiRecord(SCHEDULE_FIELDS, { schedule_description: text, next_runs: texts });
const restoreRecord = apiRecord(RESTORE_FIELDS);

/**
 * What the confirmation gate adds to a preview (safety/confirm.ts), on every
 * tool that previews; absent from the answer once confirmed. token_refused
 * says a token was turned down and this is a fresh preview.
 */
const previewFields = {
  confirmation_required: flag,
  confirmation_token: text,
  expires_at: text,
  token_refused: text,
  warnings: texts,
};

/** Paging around a list: the page asked for, or for a whole list what was returned of it. */
const pagingFields = {
  pages_count: count,
  page: z.number().optional(),
  page_size: z.number().optional(),
  returned: z.number().optional(),
  truncated: flag,
};

export const backupPageOutput = obj({
  backups: z.array(backupRecord),
  backups_count: count,
  ...pagingFields,
});

export const schedulePageOutput = obj({
  schedules: z.array(scheduleRecord),
  schedules_count: count,
  ...pagingFields,
});

export const restorePageOutput = obj({
  restores: z.array(restoreRecord),
  restores_count: count,
  ...pagingFields,
});

/** create_ and get_backup_schedule: the schedule, with any warning about it. */
export const scheduleOutput = obj({ ...scheduleRecord.shape, warnings: texts });

/** A field's value before and after a change; `from` is absent when the API did not send it. */
const fromTo = <V extends z.ZodType>(value: V) =>
  obj({ from: value.optional(), to: value }).optional();

/** update_backup_schedule: the schedule once changed (or unchanged), or a preview of the change. */
export const updateOutput = obj({
  ...scheduleRecord.shape,
  changed: flag,
  current: scheduleRecord.optional(),
  changes: obj({
    backup_type: fromTo(z.string()),
    schedule: fromTo(z.string()),
    suspended: fromTo(z.boolean()),
  }).optional(),
  ...previewFields,
});

export const deleteOutput = obj({
  id: recordId,
  deleted: z.boolean(),
  service_id: text,
  current: scheduleRecord.optional(),
  ...previewFields,
});

export const suspendOutput = obj({
  service_id: z.string(),
  suspended: z.boolean(),
  to_change: ids,
  changed: ids,
  unchanged: ids,
  kept_suspended: ids,
  /** Schedules whose API id is no whole number: shown as the API wrote it, never sent. */
  invalid_ids: texts,
  resume_with: obj({
    service_id: z.string(),
    suspended: z.boolean(),
    schedule_ids: z.array(recordId),
  }).optional(),
  ...previewFields,
});

/** list_services (tools/backups/list-services.ts ServiceSummary). */
export const servicesOutput = obj({
  services: z.array(
    obj({
      service_id: z.string(),
      service_name: text,
      cloud_provider: text,
      backups_count: count,
      last_backup_time: text,
      last_success: obj({ time: z.string(), type: z.string() }).optional(),
      last_restorable: obj({ time: z.string(), base_type: z.string() }).optional(),
      schedules: obj({ active: count, suspended: count, once: z.number().optional() }).optional(),
    }),
  ),
  services_count: count,
  backups_scanned: count,
  backups_without_service_id: z.number().optional(),
  unknown_in_scope: texts,
  invalid_service_ids: texts,
  truncated: z.boolean(),
});

const severity = z.enum(["critical", "warning", "info"]);
const controlResult = z.enum(["pass", "fail", "not_applicable", "unknown"]);

/** audit_backups (audit/types.ts AuditReport). */
export const auditOutput = obj({
  verdict: z.enum(["ok", "warning", "critical"]),
  generated_at: z.string(),
  max_age_hours: count,
  lookback_days: count,
  max_full_age_days: count,
  restore_drill_days: count,
  restore_drill_required: z.boolean(),
  suspect_shrink_percent: count,
  growth_factor: count,
  backups_scanned: count,
  counts: obj({ critical: count, warning: count, info: count }),
  findings: z.array(
    obj({
      severity,
      service_id: z.string(),
      kind: z.string(),
      message: z.string(),
      count: z.number().optional(),
      schedule_ids: ids,
      suggested_id: text,
      matching_ids: texts,
      since: text,
      from: text,
      to: text,
      breaks_at: text,
      figures: anyKeys(z.unknown()),
    }),
  ),
  services: z.array(
    obj({
      service_id: z.string(),
      service_name: text,
      status: z.enum(["ok", "warning", "critical"]),
      known: flag,
      // Keyed by audit/types.ts CONTROLS; declared as a map, so tools/list does not spell the eight names twice.
      controls: z.record(z.string(), controlResult),
      backups_total: count,
      last_success: obj({
        time: z.string(),
        type: z.string(),
        age_hours: count,
        id: text,
      }).optional(),
      last_restorable: obj({
        time: z.string(),
        age_hours: count,
        base_type: z.string(),
        base_id: z.string(),
      }).optional(),
      window: obj({
        backups: count,
        by_status: z.record(z.string(), count),
        by_type: z.record(z.string(), count),
        storage_bytes: count,
      }),
      schedules: obj({
        count,
        suspended: count,
        next_runs: z.array(
          obj({ time: z.string(), type: z.string(), schedule_id: z.int().optional() }),
        ),
      }).optional(),
    }),
  ),
  notes: texts,
});

/** One backup of a restore's chain, in the order it is applied (recovery/planner.ts RestoreStep). */
const step = obj({ role: z.string(), type: z.string(), id: z.string(), point_in_time: z.string() });

const restorablePoint = obj({
  point: z.string(),
  range: obj({ from: z.string(), to: z.string(), to_latest: z.boolean() }).optional(),
  base: obj({ id: z.string(), type: z.string(), point_in_time: z.string() }),
  incrementals: count,
  binlogs: count,
});

/** plan_restore (recovery/planner.ts RestorePlan and TargetReport). */
export const planOutput = obj({
  service_id: z.string(),
  restorable: z.boolean(),
  target_time: text,
  latest: flag,
  point: text,
  chain: z.array(step),
  reason: obj({ kind: z.string(), message: z.string(), from: text, to: text }).optional(),
  long_restore: text,
  base_choice: text,
  latest_age_hours: z.number().optional(),
  nearest_before: text,
  nearest_after: text,
  points_before: z.array(restorablePoint).optional(),
  points_after: z.array(restorablePoint).optional(),
  suspect_base: obj({
    message: z.string(),
    unavoidable: z.boolean(),
    bases: z.array(z.record(z.string(), z.unknown())),
  }).optional(),
  future_records: obj({
    count,
    newest: obj({ id: text, type: z.string(), time: z.string() }),
  }).optional(),
  backups_scanned: count,
  restore_history_unread: text,
  target: obj({
    service_id: z.string(),
    service_name: text,
    is_source: z.boolean(),
    eligible: flag,
    running_restores: z
      .array(obj({ id: recordId.optional(), backup_id: text, created_at: text }))
      .optional(),
    effects: z.array(z.string()),
    notes: texts,
    ready: z.boolean(),
  }).optional(),
});

/** create_restore: the preview (with the chain), or the restore started. */
export const createRestoreOutput = obj({
  created: z.boolean(),
  target_service_id: z.string(),
  target_service_name: text,
  onto_itself: flag,
  source: obj({
    kind: z.string(),
    service_id: text,
    point: text,
    chain: z.array(step).optional(),
    bucket: text,
    method: text,
    file: text,
  }).optional(),
  eligible: flag,
  target_restores: z
    .array(obj({ id: recordId.optional(), unusable_id: text, status: z.string() }))
    .optional(),
  pinned_target_time: text,
  restore_id: recordId.optional(),
  status: text,
  ...previewFields,
});

export const getRestoreOutput = obj({
  restore: restoreRecord,
  timing: obj({
    running_ms: z.number().optional(),
    typical_ms: z.number().optional(),
    history_count: count,
  }).optional(),
  duration_ms: z.number().optional(),
});

export const cancelRestoreOutput = obj({
  id: recordId,
  cancelled: z.boolean(),
  service_id: text,
  restore: restoreRecord.optional(),
  ...previewFields,
});
