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
 * Invisible characters that reorder or hide what a reader sees: bidi
 * embeddings, overrides, isolates and marks (the "Trojan Source" set), and
 * zero-width characters.
 */
const INVISIBLES = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Anything cleanText would change: cheap to test on a whole response before parsing it. */
const RISKY =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

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
 * JSON escapes are how control characters travel in a response body (a raw
 * one is not valid JSON); a raw C1, separator or bidi character may appear
 * as it is, or escaped as \u.... A body with none of these, and no string
 * longer than the clip, parses without a reviver, which costs nothing in
 * the common case (a 100,000-backup audit parses ~40 MB of JSON).
 */
const RISKY_JSON =
  /\\[bfnrt]|\\u(?:00[01]|007f|008|009|061c|200[b-f]|202[89a-e]|206|feff)|[\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/i;

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
  if (!RISKY_JSON.test(text) && !hasLongRun(text)) return JSON.parse(text) as unknown;
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === "string" ? cleanText(value) : value,
  ) as unknown;
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
