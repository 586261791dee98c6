/**
 * Whether a cron fires more often than hourly. A valid 5-field cron with two
 * or more minutes in its minute field fires twice within some hour; with one
 * minute its runs are whole hours apart. So counting minutes is exact.
 */
import { checkCron } from "./parse.js";
// Base backups copy the whole database: more often than hourly is almost always a mistake.
import { isBaseType } from "../api/records.js";

function firesMoreThanHourly(cron: string): boolean {
  if (cron === "once") return false;
  const check = checkCron(cron);
  return check.ok && check.expression.fields.minute.values.length > 1;
}

/** The refusal for a full/dump/snapshot cron that fires more than hourly, or undefined when fine. */
export function frequentBaseProblem(
  type: string | undefined,
  cron: string | undefined,
): string | undefined {
  if (type === undefined || cron === undefined || !isBaseType(type)) return undefined;
  if (!firesMoreThanHourly(cron)) return undefined;
  return `"${cron}" starts a ${type} backup more than once an hour; each copies the whole database`;
}

export const FREQUENT_ADVICE =
  "For frequent recovery points use binarylog or incremental, or pass allow_frequent: true if this is intended.";
