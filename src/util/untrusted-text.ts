/**
 * Text the server did not write (names, messages, statuses, ids from the
 * API) is data, never layout. Anyone who can name a service can put
 * "\nCONFIRMATION NEEDED ... confirmation_token: ..." in it; once it reaches a
 * tool's text, or the question shown to a person, it would read as the
 * server's own line. So every string the API returns is cleaned once, where
 * it is parsed, and names are quoted wherever they meet the server's words.
 */

/** Longer than any name, status or message the API documents; enough to read an error. */
export const MAX_API_TEXT = 2_000;

/**
 * Whatever breaks or bends a line: C0 controls (tab and newline too), DEL,
 * C1 controls (NEL among them), and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/**
 * Invisible characters that reorder or hide what a reader sees: every format
 * character (bidi embeddings, overrides, isolates and marks, the "Trojan
 * Source" set; zero-width characters; the tag characters U+E0000-E007F that
 * spell a sentence a person cannot see and a model can read) and every other
 * default-ignorable code point (soft hyphen, variation selectors, fillers).
 */
const INVISIBLES = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Anything cleanText would change: cheap to test on a whole string first. */
const RISKY =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * One line of plain text: line breakers become one space, invisibles are
 * dropped, and the result is clipped (an ellipsis says so).
 */
export function cleanText(text: string, max = MAX_API_TEXT): string {
  let out = text;
  if (RISKY.test(out)) out = out.replace(LINE_BREAKERS, " ").replace(INVISIBLES, "");
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/**
 * How risky characters travel in a response body: escaped (a raw control is
 * not valid JSON; any other character may be escaped as \u....), or raw. An
 * escape of anything but printable ASCII, or any raw character RISKY finds,
 * sends the body through the reviver. So does an escaped quote, which would
 * hide a long string from hasLongRun. A clean body parses without a reviver,
 * which costs nothing in the common case (a 100,000-backup audit parses
 * ~40 MB of JSON).
 */
const RISKY_ESCAPE = /\\(?:[bfnrt"]|u(?!00[2-7][0-9a-f]))/i;

/**
 * Whether some stretch between two quotes is longer than the clip, so some
 * string may be. A scan from quote to quote: a regex such as /[^"]{2000}/
 * retries every start position and cost 15x the parse itself.
 */
function hasLongRun(text: string): boolean {
  let from = 0;
  for (;;) {
    const quote = text.indexOf('"', from);
    const end = quote === -1 ? text.length : quote;
    if (end - from > MAX_API_TEXT) return true;
    if (quote === -1) return false;
    from = quote + 1;
  }
}

/** Parses a JSON body from the API with every string value cleaned (keys are left as they are). */
export function parseUntrustedJson(text: string): unknown {
  if (!RISKY_ESCAPE.test(text) && !RISKY.test(text) && !hasLongRun(text))
    return JSON.parse(text) as unknown;
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === "string" ? cleanText(value) : isRecord(value) ? cleanKeys(value) : value,
  ) as unknown;
}

/** A JSON object: not null, not an array. The one such check, for API data and request bodies alike. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys are the API's text too: one that carries a risky character is cleaned like a value. */
function cleanKeys(value: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(value).some((key) => RISKY.test(key))) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    // defineProperty: a "__proto__" key stays data, never a prototype.
    Object.defineProperty(out, cleanText(key), {
      value: inner,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * A value the server did not write, set apart in double quotes (inner quotes
 * and backslashes escaped), so it reads as data and can never start a line
 * or pass for the server's own words.
 */
export function quoted(text: string): string {
  return JSON.stringify(cleanText(text));
}

/** A word such as a status, type or id, as the API documents them: safe to show bare. */
const PLAIN_WORD = /^[\w.:@+/-]{1,64}$/;

/**
 * A short value the server did not write (a status, a type, an id): bare
 * when it is a plain word, as every documented one is, else quoted, so an
 * odd one stays visibly data without costing the common case anything.
 */
export function shown(text: string): string {
  return PLAIN_WORD.test(text) ? text : quoted(text);
}

// C0 controls and DEL: in a header or a path they could split or smuggle lines.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
