/**
 * The fallback for tools (or fields) the table does not know yet: generators
 * and a conservative oracle built from the tool's published JSON Schema
 * (tools/list). The oracle only ever says "invalid" for inputs invalid by
 * construction (wrong JSON type, outside enum, range or length, pattern
 * mismatch, unknown or missing field); anything else is "unknown".
 */
import fc from "fast-check";
import { hostileString, hugeString, wrongType } from "./hostile-values.js";
import { invalid, scheduleIdKind, serviceIdKind } from "./field-kinds.js";
import { scheduleKind } from "./schedule-field-kind.js";
import type { FieldKind, Problem, World } from "./field-kinds.js";
import type { ToolSpec, toolTable } from "./tool-table.js";

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
  if (name === "service_id" && schema.type === "string") return serviceIdKind(world).valid;
  if (name === "schedule" && schema.type === "string") return scheduleKind.valid;
  if (name === "id" && schema.type === "integer") return scheduleIdKind(world).valid;
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

/** The tool's spec: the table's entry where there is one, the JSON Schema for everything else. */
export function specFor(
  name: string,
  schema: JsonSchema,
  table: ReturnType<typeof toolTable>,
  world: World,
): ToolSpec {
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  const required = new Set(schema.required ?? []);
  const fields = { ...entry?.fields };
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    if (Object.hasOwn(fields, field)) continue;
    fields[field] = { kind: genericKind(fieldSchema, field, world), required: required.has(field) };
  }
  return {
    name,
    fields,
    strict: entry !== undefined || schema.additionalProperties === false,
    rules: entry?.rules ?? [],
    known: entry !== undefined,
    tableFields: new Set(Object.keys(entry?.fields ?? {})),
    query: entry?.query ?? [],
    body: entry?.body ?? [],
    pathArg: entry?.pathArg,
  };
}
