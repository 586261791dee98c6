/**
 * Last line of defence for secrets. Tools never put the API key or storage
 * credentials in a result on purpose; these catch an API that echoes them.
 */

const SECRET_KEY = /credential|secret|password|private_key|encryption_key|access_key|api_key/i;

/**
 * Replaces every occurrence of a known secret in text, as it is and as JSON
 * escapes it (an API error body may echo a secret inside a JSON string). The
 * one redaction: the API client scrubs error bodies with it, the tools their
 * results.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join("[redacted]");
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join("[redacted]");
  }
  return out;
}

/** A copy without fields whose names say they hold secrets, at any depth. */
export function withoutSecretFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSecretFields) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) out[key] = withoutSecretFields(field);
  }
  return out as T;
}

/**
 * Whether any known secret (as redact() counts them) is written anywhere in a
 * value: one serialization and a substring search, so a result that holds
 * none, the usual case, is not copied. A string holding the secret shows it
 * escaped once in the serialization, and one holding its JSON-escaped form
 * (an echoed request body) escaped twice: both are looked for.
 */
export function holdsSecret(value: unknown, secrets: readonly string[]): boolean {
  const serialized = JSON.stringify(value) ?? "";
  const escaped = (text: string): string => JSON.stringify(text).slice(1, -1);
  return secrets.some(
    (secret) =>
      secret.length >= 4 &&
      (serialized.includes(escaped(secret)) || serialized.includes(escaped(escaped(secret)))),
  );
}

/** A copy with every known secret replaced inside every string, keys too, at any depth. */
export function redactValues<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValues(item, secrets)) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    // defineProperty: a "__proto__" key stays data, never a prototype.
    Object.defineProperty(out, redact(key, secrets), {
      value: redactValues(field, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out as T;
}
