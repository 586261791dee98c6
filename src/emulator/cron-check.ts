/**
 * Validates the 5-field cron the API accepts (minute hour day-of-month month day-of-week, UTC).
 * Returns a sentence naming the bad part, or undefined when the expression is valid.
 */
interface Field {
  name: string;
  min: number;
  max: number;
  /** Names usable instead of numbers; index + offset is the value. */
  names?: readonly string[];
  offset?: number;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    offset: 1,
  },
  // 7 is Sunday too, as in Vixie cron.
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

class CronProblem extends Error {}

function value(token: string, f: Field): number {
  if (/^\d{1,4}$/.test(token)) {
    const n = Number(token);
    if (n < f.min || n > f.max) {
      throw new CronProblem(`${f.name} value ${n} is out of range ${f.min}-${f.max}`);
    }
    return n;
  }
  const index = f.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return index + (f.offset ?? 0);
  const hint = f.names ? ` or a name such as ${f.names[0]}` : "";
  throw new CronProblem(`${f.name} value "${token}" is not a number${hint}`);
}

function checkItem(item: string, f: Field): void {
  const [range = "", step, ...extra] = item.split("/");
  if (extra.length > 0) throw new CronProblem(`${f.name} item "${item}" has more than one "/"`);
  if (step !== undefined && (!/^\d{1,4}$/.test(step) || Number(step) < 1)) {
    throw new CronProblem(`${f.name} step "${step}" must be a positive integer`);
  }
  if (range === "*") return;
  const bounds = range.split("-");
  if (bounds.length > 2 || bounds.some((b) => b === "")) {
    throw new CronProblem(`${f.name} item "${item}" is not a value, a range like 1-5, or *`);
  }
  const [low, high] = bounds.map((b) => value(b, f));
  if (low !== undefined && high !== undefined && low > high) {
    throw new CronProblem(`${f.name} range "${range}" runs backwards`);
  }
}

export function cronProblem(expression: string): string | undefined {
  if (expression.length > 200) return "the expression is longer than 200 characters";
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `expected 5 space-separated fields but found ${parts[0] === "" ? 0 : parts.length}`;
  }
  try {
    FIELDS.forEach((f, i) => {
      for (const item of (parts[i] ?? "").split(",")) {
        if (item === "") throw new CronProblem(`${f.name} field has an empty list item`);
        checkItem(item, f);
      }
    });
    return undefined;
  } catch (err) {
    if (err instanceof CronProblem) return err.message;
    throw err;
  }
}
