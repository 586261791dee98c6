/**
 * A tool's fuzz spec, from its published JSON Schema (tools/list): every
 * field, whether it is required, and for integers, numbers, booleans and
 * enums a generator and an exact oracle from the schema's own type, range and
 * values. A field whose name carries a meaning (tool-table.ts: a service id, a
 * cron) gets that kind's oracle instead. Any other field (free text, arrays,
 * objects) gets a conservative one: "invalid" only for inputs invalid by
 * construction (wrong JSON type, outside enum, range or length, pattern
 * mismatch), "unknown" otherwise.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { hostileString, hugeString, wrongType } from "./hostile-values.js";
import { booleanKind, enumKind, intKind, invalid } from "./field-kinds.js";
import type { FieldKind, Problem, World } from "./field-kinds.js";
import { namedKinds, type Entry, type ToolSpec } from "./tool-table.js";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const unknown = (name: string): Problem[] => [{ verdict: "unknown", mentions: [name] }];

function typeProblem(schema: JsonSchema, v: unknown): boolean {
  switch (schema.type) {
    case "string":
      return typeof v !== "string";
    case "integer":
      return typeof v !== "number" || !Number.isInteger(v);
    case "number":
      return typeof v !== "number" || !Number.isFinite(v);
    case "boolean":
      return typeof v !== "boolean";
    case "array":
      return !Array.isArray(v);
    case "object":
      return typeof v !== "object" || v === null || Array.isArray(v);
    default:
      return false;
  }
}

function byConstruction(schema: JsonSchema, v: unknown): boolean {
  if (typeProblem(schema, v)) return true;
  if (schema.enum && !schema.enum.includes(v)) return true;
  if (typeof v === "number") {
    const { minimum = -Infinity, maximum = Infinity } = schema;
    if (v < minimum || v > maximum) return true;
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) return true;
    if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) return true;
  }
  if (typeof v === "string") {
    // JSON Schema counts code points, zod UTF-16 units: only a miss on both counts is certain.
    const lengths = [v.length, [...v].length];
    if (lengths.every((n) => n < (schema.minLength ?? 0))) return true;
    if (lengths.every((n) => n > (schema.maxLength ?? Infinity))) return true;
    // The JSON Schema drops a regex's flags: only a miss under the most lenient ones is certain.
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "ims").test(v)) return true;
  }
  return false;
}

function validArb(schema: JsonSchema, name: string, world: World): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const min = schema.minimum ?? -1000;
  const max = schema.maximum ?? 1000;
  switch (schema.type) {
    case "integer":
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 50) }), fc.integer({ min, max }));
    case "number":
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(validArb(schema.items ?? {}, name, world), { maxLength: 3 });
    case "object":
      return objectArb(schema, world, (s, n) => validArb(s, n, world));
    case "string":
      if (schema.format === "date-time")
        return fc
          .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 30, 30),
      });
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function objectArb(
  schema: JsonSchema,
  world: World,
  field: (s: JsonSchema, name: string) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const shape = Object.fromEntries(props.map(([n, s]) => [n, field(s, n)]));
  return fc.record(shape, { requiredKeys: schema.required ?? [] });
}

function genericKind(schema: JsonSchema, name: string, world: World): FieldKind {
  const boundary: unknown[] = [];
  if (schema.minimum !== undefined) boundary.push(schema.minimum - 1, schema.minimum + 0.5);
  if (schema.maximum !== undefined) boundary.push(schema.maximum + 1);
  if (schema.maxLength !== undefined) boundary.push("x".repeat(schema.maxLength + 1));
  return {
    valid: validArb(schema, name, world),
    hostile: fc.oneof(
      hostileString,
      wrongType,
      hugeString,
      fc.constantFrom<unknown>("", ...boundary),
      objectArb(schema, world, () => fc.oneof(hostileString, wrongType)),
    ),
    problems: (v) => (byConstruction(schema, v) ? invalid(name) : unknown(name)),
  };
}

/**
 * A field's kind from its schema alone. Integers, booleans and string enums
 * are exact: their schema is their whole rule. Anything else is conservative.
 */
function schemaKind(schema: JsonSchema, name: string, world: World): FieldKind {
  const values = schema.enum;
  if (values !== undefined && values.length > 0 && values.every((v) => typeof v === "string"))
    return enumKind(values);
  if (schema.type === "boolean") return booleanKind;
  if (schema.type === "integer") {
    // Zod's integers are safe integers; small values are favoured to keep the run fast.
    // An exclusive bound (zod's positive(), lt()) is the next whole number in.
    const min = Math.max(
      schema.minimum ?? Number.MIN_SAFE_INTEGER,
      schema.exclusiveMinimum === undefined ? -Infinity : Math.floor(schema.exclusiveMinimum) + 1,
    );
    const max = Math.min(
      schema.maximum ?? Number.MAX_SAFE_INTEGER,
      schema.exclusiveMaximum === undefined ? Infinity : Math.ceil(schema.exclusiveMaximum) - 1,
    );
    return intKind(min, max, Math.min(max, Math.max(min, 1) + 49));
  }
  return genericKind(schema, name, world);
}

/** The tool's spec: fields from its JSON Schema, meanings and routing from the table. */
export function specFor(
  name: string,
  schema: JsonSchema,
  table: Readonly<Record<string, Entry>>,
  world: World,
): ToolSpec {
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  const named = namedKinds(world);
  const required = new Set(schema.required ?? []);
  const fields: ToolSpec["fields"] = {};
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const byName = fieldSchema.enum === undefined && Object.hasOwn(named, field);
    const kind =
      entry?.kinds?.[field] ??
      (byName ? named[field] : undefined) ??
      schemaKind(fieldSchema, field, world);
    fields[field] = { kind, required: required.has(field) };
  }
  return {
    name,
    fields,
    strict: schema.additionalProperties === false,
    rules: entry?.rules ?? [],
    known: entry !== undefined,
    recut: new Set(entry?.recut ?? []),
    query: entry?.query ?? [],
    body: entry?.body ?? [],
    pathArg: entry?.pathArg,
  };
}

/**
 * A tool's input schema as tools/list publishes it, from its snapshot
 * (test/__toolsnaps__, which test/mcp/tools-list.test.ts holds to the live
 * list): for oracle tests that need no server.
 */
export function publishedSchema(tool: string): JsonSchema {
  const snapshot = JSON.parse(
    readFileSync(new URL(`../__toolsnaps__/${tool}.json`, import.meta.url), "utf8"),
  ) as { inputSchema: JsonSchema };
  return snapshot.inputSchema;
}
