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
 * none, the usual case, is not copied.
 */
export function holdsSecret(value: unknown, secrets: readonly string[]): boolean {
  const serialized = JSON.stringify(value) ?? "";
  return secrets.some(
    (secret) => secret.length >= 4 && serialized.includes(JSON.stringify(secret).slice(1, -1)),
  );
}

/** A copy with every known secret replaced inside every string value, at any depth. */
export function redactValues<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValues(item, secrets)) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = redactValues(field, secrets);
  return out as T;
}
