/**
 * Schedules are "once" or a standard 5-field cron expression in UTC. The
 * real API is a Go service, so the Quartz-style extensions cron-parser also
 * understands (seconds, L, #, H, ?, @daily) are refused rather than sent.
 */
import { CronExpressionParser, type CronExpression } from "cron-parser";

export const CRON_HELP =
  'Use "once" or a 5-field cron in UTC: minute hour day-of-month month day-of-week, e.g. "0 2 * * *" (every day at 02:00) or "30 */6 * * 1-5"';

const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const FIELD_SYNTAX = /^[0-9A-Za-z*,\-/]+$/;
const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

export type CronCheck = { ok: true; expression: CronExpression } | { ok: false; reason: string };

export function checkCron(text: string, currentDate: Date = new Date()): CronCheck {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      reason: `"${clip(text)}" has ${fields.length} field(s), not 5. ${CRON_HELP}`,
    };
  }
  for (const [index, field] of fields.entries()) {
    const name = FIELD_NAMES[index] ?? "field";
    const words = field.match(/[A-Za-z]+/g) ?? [];
    if (!FIELD_SYNTAX.test(field) || words.some((word) => !NAMES.test(word))) {
      return { ok: false, reason: `the ${name} field "${clip(field)}" is not valid. ${CRON_HELP}` };
    }
  }
  try {
    const expression = CronExpressionParser.parse(fields.join(" "), { tz: "UTC", currentDate });
    return { ok: true, expression };
  } catch (error) {
    return {
      ok: false,
      reason: `"${clip(text)}" is not a valid cron (${(error as Error).message}). ${CRON_HELP}`,
    };
  }
}

/** Returns an error message for a schedule value, or undefined when it is valid. */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule === "once") return undefined;
  const check = checkCron(schedule);
  return check.ok ? undefined : check.reason;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
