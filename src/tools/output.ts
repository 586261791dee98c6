/**
 * Output schemas. Every object is loose: the API may add fields at any time
 * and a real MCP client validates structuredContent against these, so they
 * name the fields that matter and accept anything else.
 */
import { z } from "zod";

const text = z.string().optional();
const count = z.number();
/** A schedule's or restore's id: a whole number, as the tools take it (api/records.ts). */
export const recordId = z.int();

// Backups carry many more fields (times, sizes, method, binlog position); declared are the keys.
const backupRecord = z.looseObject({ id: text, status: text });

const scheduleFields = {
  id: recordId.optional(),
  schedule: text,
  type: text,
  suspended: z.boolean().optional(),
};

export const backupPageOutput = z.looseObject({
  backups: z.array(backupRecord),
  backups_count: count,
  pages_count: count,
});

export const schedulePageOutput = z.looseObject({
  schedules: z.array(z.looseObject(scheduleFields)),
  schedules_count: count,
  pages_count: count,
});

export const scheduleOutput = z.looseObject(scheduleFields);

/**
 * What the confirmation gate adds to a preview (safety/confirm.ts), on every
 * tool that previews; absent from the answer once confirmed.
 */
export const previewFields = {
  confirmation_required: z.boolean().optional(),
  confirmation_token: text,
  expires_at: text,
};

/** A restore as the API sends it (api/records.ts), in list_restores and get_restore. */
export const restoreRecord = z.looseObject({
  id: recordId.optional(),
  service_id: text,
  service_name: text,
  backup_id: text,
  bucket: text,
  type: text,
  status: text,
  message: text,
  created_at: text,
  updated_at: text,
});

export const deleteOutput = z.looseObject({
  id: recordId,
  deleted: z.boolean(),
  ...previewFields,
});

/** update_backup_schedule: the schedule once changed, or a preview. */
export const updateOutput = z.looseObject({ ...scheduleFields, ...previewFields });
