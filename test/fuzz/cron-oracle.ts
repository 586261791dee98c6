/**
 * An oracle for the documented schedule rule ("once" or a 5-field UTC cron:
 * minute hour day-of-month month day-of-week), written from the cron
 * grammar rather than from src/cron, and a generator of valid crons built
 * field by field. Where the documents leave a case open the oracle answers
 * "unknown" instead of guessing.
 */
import fc from "fast-check";

export type Verdict = "valid" | "invalid" | "unknown";

interface CronField {
  min: number;
  max: number;
  names: readonly string[];
  /** Value of names[0]. */
  nameBase: number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const CRON_FIELDS: readonly CronField[] = [
  { min: 0, max: 59, names: [], nameBase: 0 },
  { min: 0, max: 23, names: [], nameBase: 0 },
  { min: 1, max: 31, names: [], nameBase: 1 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

const SEPARATORS = new Set([" ", "\t"]);
const ALLOWED = /^[0-9A-Za-z*,/ \t-]*$/;
// Whitespace JavaScript's \s knows but a Go cron parser may not: the documents do not say.
const OTHER_SPACE =
  /[\n\r\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

export function scheduleVerdict(value: unknown): Verdict {
  if (typeof value !== "string" || value.length > 100) return "invalid";
  if (value === "once") return "valid";
  return cronVerdict(value);
}

export function cronVerdict(text: string): Verdict {
  const spaced = text.replace(OTHER_SPACE, " ");
  if (spaced !== text) return ALLOWED.test(spaced) ? "unknown" : "invalid";
  if (!ALLOWED.test(text)) return "invalid";
  const fields = splitFields(text);
  if (fields.length !== 5) return "invalid";
  const verdicts = fields.map((field, i) => fieldVerdict(field, CRON_FIELDS[i]!));
  if (verdicts.includes("invalid")) return "invalid";
  // A day of month past the 28th in a named month may never occur (31 Feb): left to the parser.
  if (/\b(29|30|31)\b/.test(fields[2]!) && fields[3] !== "*") return "unknown";
  return verdicts.includes("unknown") ? "unknown" : "valid";
}

function splitFields(text: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (const ch of text) {
    if (SEPARATORS.has(ch)) {
      if (current) fields.push(current);
      current = "";
    } else current += ch;
  }
  if (current) fields.push(current);
  return fields;
}

function fieldVerdict(field: string, spec: CronField): Verdict {
  const items = field.split(",");
  const verdicts = items.map((item) => itemVerdict(item, spec));
  if (verdicts.includes("invalid")) return "invalid";
  return verdicts.includes("unknown") ? "unknown" : "valid";
}

function itemVerdict(item: string, spec: CronField): Verdict {
  const parts = item.split("/");
  if (parts.length > 2) return "invalid";
  const [range = "", step] = parts;
  let verdict: Verdict = "valid";
  if (step !== undefined) {
    if (!/^[0-9]+$/.test(step) || Number(step) < 1) return "invalid";
    // A step wider than the field (*/90 in minutes) runs once; whether that is accepted is open.
    if (Number(step) > spec.max - spec.min + 1 || step.length > 2) verdict = "unknown";
  }
  if (range === "*") return verdict;
  const bounds = range.split("-");
  if (bounds.length > 2 || bounds.some((b) => b === "")) return "invalid";
  const values = bounds.map((b) => valueOf(b, spec));
  if (values.some((v) => v === "invalid")) return "invalid";
  if (values.some((v) => v === "unknown")) return "unknown";
  const [low, high] = values as number[];
  if (high !== undefined && low! > high) return "invalid";
  // A name in a range (MON-FRI) or with a step is common but not in every dialect.
  if (/[a-z]/i.test(range) && (bounds.length > 1 || step !== undefined)) return "unknown";
  // "5/10" (a single value with a step) means different things in different crons.
  return step !== undefined && bounds.length === 1 ? "unknown" : verdict;
}

function valueOf(token: string, spec: CronField): number | "invalid" | "unknown" {
  if (/^[0-9]+$/.test(token)) {
    const n = Number(token);
    if (n < spec.min || n > spec.max) return "invalid";
    // Leading zeros ("05") parse everywhere we know of, but nothing documents them.
    return token.length > 1 && token.startsWith("0") ? "unknown" : n;
  }
  const index = spec.names.indexOf(token.toLowerCase());
  return index < 0 ? "invalid" : index + spec.nameBase;
}

/** One cron field, valid by construction: *, a value, a range, a step, or a list of them. */
function fieldArb(spec: CronField, maxValue = spec.max): fc.Arbitrary<string> {
  const value = fc.integer({ min: spec.min, max: maxValue });
  const range = fc.tuple(value, value).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
  const step = fc.integer({ min: 1, max: maxValue - spec.min + 1 });
  const name =
    spec.names.length > 0
      ? fc.constantFrom(...spec.names).map((n) => (n.length % 2 ? n.toUpperCase() : n))
      : value.map(String);
  const item = fc.oneof(
    value.map(String),
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    name,
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant("*") },
    { weight: 1, arbitrary: step.map((s) => `*/${s}`) },
    { weight: 3, arbitrary: item },
    {
      weight: 1,
      arbitrary: fc.array(item, { minLength: 2, maxLength: 3 }).map((l) => l.join(",")),
    },
  );
}

/** A valid 5-field cron with single spaces; day of month stays <= 28 so every month has it. */
export const validCron: fc.Arbitrary<string> = fc
  .tuple(...CRON_FIELDS.map((spec, i) => fieldArb(spec, i === 2 ? 28 : spec.max)))
  .map((fields) => fields.join(" "));

/** Values one list item of a cron field stands for; undefined if it is not plain syntax. */
export function expand(item: string, field: number): Set<number> | undefined {
  const spec = CRON_FIELDS[field]!;
  const [range = "", step, extra] = item.split("/");
  if (extra !== undefined || (step !== undefined && !/^[0-9]+$/.test(step))) return undefined;
  const value = (token: string) => {
    const named = spec.names.indexOf(token.toLowerCase());
    return named >= 0 ? named + spec.nameBase : /^[0-9]+$/.test(token) ? Number(token) : NaN;
  };
  const bounds = range.split("-");
  let low = range === "*" ? spec.min : value(bounds[0]!);
  let high = range === "*" ? spec.max : value(bounds.at(-1)!);
  // "5/10" runs from 5 to the end of the field.
  if (step !== undefined && bounds.length === 1) high = spec.max;
  if (!Number.isFinite(low) || !Number.isFinite(high) || Number(step ?? 1) < 1) return undefined;
  const values = new Set<number>();
  // Day of week 7 is Sunday, as 0 is.
  for (; low <= high; low += Number(step ?? 1)) values.add(field === 4 && low === 7 ? 0 : low);
  return values;
}

/** True when two items of one field's list share a value ("*\/15,30", "0 2 * * 0,7"). */
export function listItemsOverlap(cron: string): boolean {
  return cron
    .trim()
    .split(/[ \t]+/)
    .some((text, field) => {
      const seen = new Set<number>();
      for (const item of text.split(",")) {
        const values = expand(item, field);
        if (values === undefined) return false;
        for (const v of values) if (seen.has(v)) return true;
        for (const v of values) seen.add(v);
      }
      return false;
    });
}
