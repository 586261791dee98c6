/**
 * The structured result's secret check and scrub agree with the text's: what
 * redact() would scrub from a string, holdsSecret() finds in a value and
 * redactValues() scrubs there, keys included.
 */
import { describe, expect, it } from "vitest";
import { holdsSecret, redact, redactValues } from "../../../src/util/redact.js";

const KEY = "sk-live-0123456789";
// A restore's encryption key is free text: quotes, backslashes and controls included.
const ODD = 'pa"ss\\word\n1';

describe("holdsSecret and redactValues", () => {
  it("a result without a secret is not flagged", () => {
    expect(holdsSecret({ a: "prod", b: [1, { c: "x" }] }, [KEY, ODD])).toBe(false);
  });

  it.each([
    ["raw in a nested string", { a: [{ name: `svc ${KEY}` }] }, KEY],
    ["an odd secret raw", { encryption_key: ODD }, ODD],
    // An echoed request body carries the secret JSON-escaped inside a string.
    ["an odd secret JSON-escaped inside a string", { body: JSON.stringify({ key: ODD }) }, ODD],
    ["in a key", { [`by ${KEY}`]: 1 }, KEY],
  ])("finds and scrubs a secret %s", (_, value, secret) => {
    expect(holdsSecret(value, [secret])).toBe(true);
    const scrubbed = JSON.stringify(redactValues(value, [secret]));
    const escaped = JSON.stringify(secret).slice(1, -1);
    expect(scrubbed).not.toContain(escaped);
    expect(scrubbed).not.toContain(JSON.stringify(escaped).slice(1, -1));
    expect(scrubbed).toContain("[redacted]");
  });

  it("agrees with redact() on strings, short secrets left alone as there", () => {
    const text = `key ${KEY} and ${JSON.stringify({ k: ODD })} and abc`;
    expect(redactValues({ text }, [KEY, ODD, "abc"])).toEqual({
      text: redact(text, [KEY, ODD, "abc"]),
    });
    expect(holdsSecret({ text: "abc" }, ["abc"])).toBe(false);
  });

  it("keeps a __proto__ key as data", () => {
    const value = JSON.parse(`{"__proto__": {"polluted": "${KEY}"}}`) as object;
    const scrubbed = redactValues(value, [KEY]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
    expect(Object.keys(scrubbed)).toEqual(["__proto__"]);
    expect(JSON.stringify(scrubbed)).toContain("[redacted]");
  });
});
