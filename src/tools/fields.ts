/**
 * Input fields shared by several tools. Input from the assistant is checked
 * strictly: a value that could change the request path (a service id of
 * "schedules", "../x", "%2F") or an out-of-range number never leaves here.
 */
import { z } from "zod";
import { BACKUP_TYPES } from "../api/schemas.js";
import { scheduleProblem } from "../cron/parse.js";
import { SERVICE_ID_PATTERN as SERVICE_ID } from "../util/service-id.js";

const RESERVED_SEGMENTS = new Set(["schedules"]);

// Patterns are checked with refine, not regex: a regex would be copied into
// tools/list as "pattern" and paid for in every conversation, for nothing a
// model needs beyond the example in the description.
export const serviceId = z
  .string()
  .refine(
    (id) => SERVICE_ID.test(id),
    "service_id must be a service id such as dbtgf28216706 (letters, digits, - or _)",
  )
  .refine(
    (id) => !RESERVED_SEGMENTS.has(id.toLowerCase()),
    "service_id cannot be a reserved word such as 'schedules'",
  )
  .describe("Service id, e.g. dbtgf28216706");

export const scheduleId = z
  .number()
  .int("id must be a whole number")
  .min(1, "id must be >= 1")
  .max(2_147_483_647, "id is too large")
  .describe("Schedule id, from list_backup_schedules");

export const page = z
  .number()
  .int()
  .min(1)
  .refine((n) => n <= 1_000_000, "page must be <= 1000000")
  .optional()
  .describe("From 1");
export const pageSize = z.number().int().min(1).max(1000).optional().describe("1-1000");
export const order = z.enum(["asc", "desc"]).optional().describe("By time; default desc");
export const backupType = z.enum(BACKUP_TYPES);

export const schedule = z
  .string()
  .superRefine((value, ctx) => {
    const problem =
      value.length > 100 ? "schedule is too long for a cron expression" : scheduleProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe('"once" (one backup now) or a 5-field UTC cron, e.g. "0 2 * * *"');

export const confirmationToken = z
  .string()
  .min(10)
  .max(200)
  .refine(
    (token) => /^[A-Za-z0-9._-]+$/.test(token),
    "confirmation_token must be the value from the preview",
  )
  .optional()
  .describe("From the preview, once the user agreed");
