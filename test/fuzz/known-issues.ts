/**
 * Bugs the fuzz found in src/ and that are not fixed yet. An input that hits
 * one is checked on its other arguments only (see allowForKnownIssues), so
 * the run stays green; known-issues.test.ts reproduces each with `it.fails`,
 * which turns red once the bug is fixed: then delete the entry here.
 */
import { judge, type Args, type Judgement } from "./tool-args.js";
import { CRON_FIELDS } from "./cron-oracle.js";
import type { ToolSpec } from "./tool-table.js";

export interface KnownIssue {
  id: string;
  /** The argument the bug is about, and a value of it the bug does not touch. */
  field: string;
  standIn: unknown;
  /** True when the field's value is one the bug mishandles (judged by the oracle's own rules). */
  applies(tool: string, args: Args): boolean;
}

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

/**
 * Empty: the four bugs the fuzz found (overlapping cron lists refused, short
 * service ids sent, update to "once" sent, impossible UTC offsets accepted)
 * are fixed; known-issues.test.ts keeps their reproductions as regressions.
 */
export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/**
 * The oracle's judgement with a known bug allowed for: the rest of the arguments are judged
 * with the bug's field set to a value the bug does not touch. If the rest is invalid the call
 * must still be refused (the refusal may name the bug's field instead); otherwise the outcome
 * is left undecided.
 */
export function allowForKnownIssues(
  spec: ToolSpec,
  args: Args,
  judged: Judgement,
): { judged: Judgement; issue?: KnownIssue } {
  const issue = KNOWN_ISSUES.find((known) => known.applies(spec.name, args));
  if (issue === undefined) return { judged };
  const rest = judge(spec, { ...args, [issue.field]: issue.standIn });
  if (rest.verdict === "invalid")
    return { judged: { verdict: "invalid", mentions: [...rest.mentions, issue.field] }, issue };
  return { judged: { verdict: "unknown", mentions: [] }, issue };
}
