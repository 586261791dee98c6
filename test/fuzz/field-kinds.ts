/**
 * Field kinds: for each kind of input field the tools document (README,
 * tools/define.ts descriptions), a generator of valid values, a generator of
 * hostile ones, and an oracle written from the documented rule, not by
 * calling the tool's zod schema.
 */
import fc from "fast-check";
import type { Verdict } from "./cron-oracle.js";
import { hostileString, hugeString, taint, wrongType } from "./hostile-values.js";

/** Something wrong (or undecidable) with an input, and words an error text may use for it. */
export interface Problem {
  verdict: Exclude<Verdict, "valid">;
  mentions: string[];
}

export interface FieldKind {
  valid: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
  problems(value: unknown, name: string): Problem[];
}

/** What the generators take from the running emulator and the file system. */
export interface World {
  services: readonly string[];
  scheduleIds: readonly number[];
  /** A readable credentials file, and a directory (which is not one). */
  credentialsFile: string;
  directory: string;
}

export const BACKUP_TYPES = ["full", "incremental", "binarylog", "dump", "snapshot"];

export const invalid = (...mentions: string[]): Problem[] => [{ verdict: "invalid", mentions }];
const ok = (good: boolean, name: string): Problem[] => (good ? [] : invalid(name));
const ASCII_ALNUM = /^[A-Za-z0-9]$/;

export function isServiceId(v: unknown): boolean {
  // At least 5 characters: the API's GET /backups/{service_id} says minLength 5.
  if (typeof v !== "string" || v.length < 5 || v.length > 64) return false;
  if (v.toLowerCase() === "schedules") return false;
  return [...v].every((c, i) => ASCII_ALNUM.test(c) || (i > 0 && (c === "-" || c === "_")));
}

function isIntIn(v: unknown, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

function isWord(v: unknown, min: number, max: number, chars: RegExp): boolean {
  return (
    typeof v === "string" &&
    v.length >= min &&
    v.length <= max &&
    [...v].every((c) => chars.test(c))
  );
}

export function serviceIdKind(world: World): FieldKind {
  const real = fc.constantFrom(...world.services);
  return {
    valid: fc.oneof(
      { weight: 4, arbitrary: real },
      { weight: 2, arbitrary: fc.stringMatching(/^db[a-z]{3}[0-9]{8}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("abc", "a-_", "A".repeat(64), "schedule", "schedulesx"),
      },
    ),
    hostile: fc.oneof(
      { weight: 3, arbitrary: taint(real) },
      { weight: 3, arbitrary: hostileString },
      // Reserved words and path tricks: each one would reach another route if let through.
      { weight: 2, arbitrary: fc.constantFrom("schedules", "Schedules", "SCHEDULES", "sChEdUlEs") },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          ...["..", "../x", "%2e%2e", "db%2Fx12345678", "schedules/1", "./schedules"],
          ...["ab", "A".repeat(65), "-abc", "_abc", "abc\n", "abc ", "ａｂｃ", "abc\u200f"],
        ),
      },
      { weight: 1, arbitrary: hugeString },
      { weight: 2, arbitrary: wrongType },
    ),
    problems: (v, name) => ok(isServiceId(v), name),
  };
}

export function scheduleIdKind(world: World): FieldKind {
  const real = fc.constantFrom(...world.scheduleIds);
  return {
    valid: fc.oneof(
      real,
      fc.integer({ min: 1, max: 2_147_483_647 }),
      fc.constantFrom(1, 2_147_483_647),
    ),
    hostile: fc.oneof(
      fc.constantFrom(
        0,
        -1,
        -0,
        1.5,
        2_147_483_648,
        2 ** 53,
        1e21,
        NaN,
        Infinity,
        -Infinity,
        5e-324,
      ),
      fc.double(),
      fc.integer({ min: -(2 ** 31), max: 0 }),
      real.map((id) => String(id)),
      real.map((id) => [id]),
      hostileString,
      wrongType,
    ),
    problems: (v, name) => ok(isIntIn(v, 1, 2_147_483_647), name),
  };
}

/** page (1..1e6) and page_size (1..1000); small sizes are favoured to keep the run fast. */
export function intKind(min: number, max: number, typicalMax: number): FieldKind {
  return {
    valid: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min, max: typicalMax }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max) },
      { weight: 1, arbitrary: fc.integer({ min, max }) },
    ),
    hostile: fc.oneof(
      fc.constantFrom(min - 1, max + 1, -1, -0, 0.5, min + 0.5, 1e21, NaN, Infinity, -Infinity),
      // Below and above the range, where there is room (an unbounded schema reaches the
      // safe-integer limits, past which the constants above already go).
      ...(min - 1 >= -(2 ** 31) ? [fc.integer({ min: -(2 ** 31), max: min - 1 })] : []),
      ...(max + 1 <= 2 ** 53 ? [fc.integer({ min: max + 1, max: 2 ** 53 })] : []),
      fc.integer({ min, max: typicalMax }).map(String),
      hostileString,
      wrongType,
    ),
    problems: (v, name) => ok(isIntIn(v, min, max), name),
  };
}

export function enumKind(values: readonly string[]): FieldKind {
  const near = fc
    .constantFrom(...values)
    .chain((v) =>
      fc.constantFrom(
        v.toUpperCase(),
        ` ${v}`,
        `${v} `,
        `${v}\n`,
        `${v}s`,
        v.slice(1),
        `${v}\u0000`,
      ),
    );
  return {
    valid: fc.constantFrom(...values),
    hostile: fc.oneof(
      near,
      taint(fc.constantFrom(...values)),
      hostileString,
      hugeString,
      wrongType,
    ),
    problems: (v, name) => ok(typeof v === "string" && values.includes(v), name),
  };
}

export const statusKind: FieldKind = {
  valid: fc.oneof(
    fc.constantFrom("Succeeded", "Failed", "Running", "failed", "RUNNING", "In_Progress", "a"),
    fc.stringMatching(/^[A-Za-z_-]{1,32}$/),
  ),
  hostile: fc.oneof(
    fc.constantFrom(
      "",
      "A".repeat(33),
      "Failed&x=1",
      "Failed%20",
      "Failed ",
      "Succeeded1",
      "Faileð",
    ),
    taint(fc.constantFrom("Succeeded", "Failed")),
    hostileString,
    hugeString,
    wrongType,
  ),
  problems: (v, name) => ok(isWord(v, 1, 32, /^[A-Za-z_-]$/), name),
};

export const booleanKind: FieldKind = {
  valid: fc.boolean(),
  hostile: fc.constantFrom<unknown>("true", "false", 1, 0, null, "", [], {}, "yes", [true]),
  problems: (v, name) => ok(typeof v === "boolean", name),
};

export const confirmationTokenKind: FieldKind = {
  valid: fc.stringMatching(/^[A-Za-z0-9._-]{10,200}$/),
  hostile: fc.oneof(
    fc.constantFrom(
      "abc",
      "x".repeat(201),
      "token with spaces",
      "a/b/c/d/e/f/g",
      "tok\r\nX-A: 1xx",
    ),
    taint(fc.stringMatching(/^[A-Za-z0-9]{10,20}$/)),
    hostileString,
    hugeString,
    wrongType,
  ),
  problems: (v, name) => ok(isWord(v, 10, 200, /^[A-Za-z0-9._-]$/), name),
};
