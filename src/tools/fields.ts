/**
 * Input fields shared by several tools. Input from the assistant is checked
 * strictly: a value that could change the request path (a service id of
 * "schedules", "../x", "%2F") or an out-of-range number never leaves here.
 * The id rules live in util/ids.ts, where ids read back from the API are
 * checked by the same rules before they are sent again.
 */
import { z } from "zod";
import { BACKUP_TYPES } from "../api/records.js";
import { scheduleProblem } from "../cron/parse.js";
import { ID_RULES } from "../util/ids.js";

export const serviceId = ID_RULES.service.describe("e.g. dbtgf28216706");

export const scheduleId = ID_RULES.schedule.describe("From list_backup_schedules");

export const page = z
  .number()
  .int()
  .min(1)
  .refine((n) => n <= 1_000_000, "page must be <= 1000000")
  .optional();
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
