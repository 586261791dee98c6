/**
 * Output schemas. Every object is loose: the API may add fields at any time
 * and a real MCP client validates structuredContent against these, so they
 * name the fields that matter and accept anything else.
 */
import { z } from "zod";

const text = z.string().optional();
const count = z.number();

// Backups carry many more fields (times, sizes, method, binlog position); declared are the keys.
const backupRecord = z.looseObject({ id: text, status: text });

const scheduleFields = {
  id: z.union([z.number(), z.string()]).optional(),
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

export const deleteOutput = z.looseObject({ id: z.number(), deleted: z.boolean() });
