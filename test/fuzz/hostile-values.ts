/**
 * Hostile values for any field: strings that try to change a request path,
 * query or header, unicode that trips naive code, 100 KB strings, and values
 * of the wrong JSON type. They are not invalid by construction (a hostile
 * generator can produce "abc"); the oracle in field-kinds.ts decides.
 */
import fc from "fast-check";

const KB100 = 100 * 1024;

const FRAGMENTS: readonly string[] = [
  "/",
  "\\",
  "%2F",
  "%2f",
  "%5C",
  "%2e%2e",
  "%2E%2E/",
  "%252e%252e",
  "..",
  ".",
  "../",
  "..\\",
  "?",
  "#",
  "&",
  "=",
  "?page=2",
  "&service_id=other",
  "#frag",
  "\r",
  "\n",
  "\r\n",
  "\r\nX-Injected: 1\r\n\r\n",
  "%0d%0a",
  "%00",
  "%",
  "\u0000",
  "\u0001",
  "\u0007",
  "\u0008",
  "\u000b",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u200e",
  "\u200f",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\u3000",
  "\ud800",
  "\udfff",
  "\ud83d",
  "😀",
  "👩‍👩‍👧",
  "ﷺ",
  "İ",
  "ß",
  " ",
  "\t",
  "schedules",
  "//",
  "@",
  ";",
  ",",
  "'",
  '"',
  "`",
  "*",
  "+",
  "<script>",
  "${x}",
  "{{x}}",
  "http://evil.example/",
  "//evil.example",
  "..%2f..%2f",
];

/** Shared by every 100 KB case; built once so generation stays cheap. */
const HUGE_STRINGS: readonly string[] = [
  "a".repeat(KB100),
  `db${"1".repeat(KB100)}`,
  "/".repeat(KB100),
  "%2e%2e/".repeat(KB100 / 7),
  "\u0000".repeat(KB100),
  "😀".repeat(KB100 / 2),
  `0 2 * * *${" ".repeat(KB100)}`,
  `${"\r\n".repeat(KB100 / 2)}X-Injected: 1`,
];

const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/);

/** A few fragments, words and arbitrary code points glued together. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 2, arbitrary: word },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** A valid-looking value with hostile text before or after it. */
export function taint(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, hostileString, fc.boolean())
    .map(([value, bad, before]) => (before ? bad + value : value + bad));
}

export const hugeString: fc.Arbitrary<string> = fc.constantFrom(...HUGE_STRINGS);

const leaf = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);

/** Anything that is not the type a field expects (the oracle still decides). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, Number.MAX_VALUE),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("1", "20", "-1", "0", "1e3", "0x10", " 5", "NaN", "Infinity", "true", "null"),
  fc.constantFrom("", "[]", "{}", "undefined"),
  fc.array(leaf, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 3 }),
  fc.constantFrom<unknown>([], {}, [null], { length: 1 }, [[]]),
);

/** Keys no tool declares, including the ones prototype-pollution attacks use. */
const EXTRA_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "isError",
  "confirm",
  "serviceId",
  "SERVICE_ID",
  "service_id ",
  "id\u0000",
  "",
  "😀",
  "x".repeat(300),
];

export const extraKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EXTRA_KEYS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
);

export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  hostileString,
  fc.constantFrom<unknown>(true, "full", "once", 1, "dbtgf28216706"),
);
