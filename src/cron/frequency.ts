/**
 * Whether a cron fires more often than hourly. A valid 5-field cron with two
 * or more minutes in its minute field fires twice within some hour; with one
 * minute its runs are whole hours apart. So counting minutes is exact.
 */
import { checkCron } from "./parse.js";

export function firesMoreThanHourly(cron: string): boolean {
  if (cron === "once") return false;
  const check = checkCron(cron);
  return check.ok && check.expression.fields.minute.values.length > 1;
}
