/**
 * Whole argument objects for one tool: each field present or missing, valid
 * or hostile, sometimes with extra keys (prototype-pollution ones included);
 * and the oracle's verdict on such an object.
 */
import fc from "fast-check";
import type { Verdict } from "./cron-oracle.js";
import { anyValue, extraKey } from "./hostile-values.js";
import { invalid, type Problem } from "./field-kinds.js";
import type { ToolSpec } from "./tool-table.js";

export type Args = Record<string, unknown>;

export interface Judgement {
  verdict: Verdict;
  /** For an invalid input: words of which the refusal must contain at least one. */
  mentions: string[];
}

type Entry = [string, unknown] | undefined;

/**
 * A field's entry in one mode. A valid entry always has a required field; a hostile or random
 * one leaves it out one time in 4 or 12. An optional field is left out half the time.
 */
function entryArb(
  spec: ToolSpec,
  name: string,
  mode: "valid" | "hostile" | "any",
): fc.Arbitrary<Entry> {
  const field = spec.fields[name]!;
  const valid = field.kind.valid;
  const value =
    mode === "valid"
      ? valid
      : mode === "hostile"
        ? field.kind.hostile
        : fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: field.kind.hostile });
  const entry = value.map((v): Entry => [name, v]);
  if (mode === "valid")
    return field.required ? entry : fc.option(entry, { freq: 2, nil: undefined });
  return fc.option(entry, {
    freq: field.required ? (mode === "hostile" ? 4 : 12) : 2,
    nil: undefined,
  });
}

/**
 * Argument objects in three shapes: all fields valid (to reach the API), exactly one field
 * hostile or missing (so the oracle's verdict hangs on one rule), and every field at random.
 * About one in six also gets extra keys.
 */
export function argsArb(spec: ToolSpec): fc.Arbitrary<Args> {
  const names = Object.keys(spec.fields);
  const valid = fc.tuple(...names.map((name) => entryArb(spec, name, "valid")));
  const oneFault = fc
    .nat({ max: Math.max(0, names.length - 1) })
    .chain((bad) =>
      fc.tuple(...names.map((name, i) => entryArb(spec, name, i === bad ? "hostile" : "valid"))),
    );
  const chaos = fc.tuple(...names.map((name) => entryArb(spec, name, "any")));
  const extras = fc.array(
    fc.tuple(
      extraKey.filter((key) => !Object.hasOwn(spec.fields, key)),
      anyValue,
    ),
    { minLength: 1, maxLength: 2 },
  );
  const entries = fc.tuple(
    fc.oneof({ weight: 2, arbitrary: valid }, { weight: 2, arbitrary: oneFault }, chaos),
    fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extras }),
  );
  // Object.fromEntries defines own properties, so "__proto__" is a key as it is in parsed JSON.
  return entries.map(([fields, extra]) =>
    Object.fromEntries([...fields.filter((e) => e !== undefined), ...extra]),
  );
}

export function judge(spec: ToolSpec, args: Args): Judgement {
  const problems: Problem[] = [];
  for (const key of Object.keys(args)) {
    // The MCP SDK parses `arguments` with z.record, which drops a "__proto__" key (zod's
    // pollution guard) before the tool sees it: such a call must behave as if it were absent.
    if (key === "__proto__" || Object.hasOwn(spec.fields, key)) continue;
    if (spec.strict) problems.push(...invalid(key, JSON.stringify(key)));
    else problems.push({ verdict: "unknown", mentions: [key] });
  }
  for (const [name, field] of Object.entries(spec.fields)) {
    if (!Object.hasOwn(args, name)) {
      if (field.required) problems.push(...invalid(name));
      continue;
    }
    problems.push(...field.kind.problems(args[name], name));
  }
  for (const rule of spec.rules) problems.push(...rule(args));
  const bad = problems.filter((p) => p.verdict === "invalid");
  // A field the documents leave undecided (a cron with a vertical tab) may be the one the tool
  // refuses first, so its name counts as naming the problem too.
  const undecided = problems.filter((p) => p.verdict === "unknown");
  if (bad.length > 0)
    return { verdict: "invalid", mentions: [...bad, ...undecided].flatMap((p) => p.mentions) };
  return { verdict: problems.length > 0 ? "unknown" : "valid", mentions: [] };
}
