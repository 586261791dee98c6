/**
 * Storage credentials come as plain text or as a file read at call time
 * (so the secret need not pass through the conversation at all). Either way
 * the value is registered as a secret for the call and sent base64-encoded.
 * Which files may be read is the server's to decide (safety/credential-files.ts).
 */
import type { z } from "zod";
import type { ToolContext } from "../define.js";
import { NO_SERVER_FILES } from "../../safety/credential-files.js";
import { ToolError } from "../../util/tool-error.js";

const CLOUD_NAMES = { gcp: "a GCP service-account JSON", aws: "an AWS credentials INI" } as const;

export async function loadCredentials(
  inline: string | undefined,
  file: string | undefined,
  ctx: ToolContext,
  /** The cloud of the bucket they are for: a gs:// bucket needs GCP credentials, s3:// AWS ones. */
  cloud?: "gcp" | "aws",
): Promise<{ encoded: string; secrets: string[] } | undefined> {
  if (inline !== undefined && file !== undefined) {
    throw new ToolError("give either credentials or credentials_file, not both. Nothing was sent.");
  }
  let text = inline;
  if (file !== undefined) text = await ctx.readCredentialsFile(file);
  if (text === undefined) return undefined;
  const encoded = Buffer.from(text, "utf8").toString("base64");
  const secrets = secretParts(text, encoded);
  for (const secret of secrets) ctx.registerSecret(secret);
  const kind = credentialsKind(text);
  if (kind !== undefined && cloud !== undefined && kind !== cloud) {
    throw new ToolError(
      `credentials are ${CLOUD_NAMES[kind]}, but the bucket is ${cloud === "gcp" ? "a Google Cloud Storage (gs://)" : "an Amazon S3 (s3://)"} bucket, which needs ${CLOUD_NAMES[cloud]}. Nothing was sent.`,
    );
  }
  if (kind === undefined) {
    // The value itself is never quoted: it is a secret even when it is the wrong one.
    throw new ToolError(
      'credentials are neither a GCP service-account JSON (an object with type "service_account", or client_email and private_key) nor an AWS credentials INI ([default] with aws_access_key_id and aws_secret_access_key). Give the key file as it was downloaded. Nothing was sent.',
    );
  }
  return { encoded, secrets };
}

/**
 * Every form in which a credential could come back from the API: the whole
 * text, its base64, each line (or what follows "=" in an INI line), and for
 * a JSON key every string value, decoded (a private_key with real newlines)
 * and JSON-escaped, plus each line of a PEM body.
 */
function secretParts(text: string, encoded: string): string[] {
  const parts = [text, encoded];
  const add = (value: string) => {
    const trimmed = value.trim();
    // An INI section header ("[default]") is no secret, and scrubbing it would garble help texts.
    if (trimmed.length >= 8 && !/^\[[^\]]*\]$/.test(trimmed)) parts.push(trimmed);
  };
  for (const line of text.split(/\r?\n/))
    add(line.includes("=") ? line.slice(line.indexOf("=") + 1) : line);
  for (const value of jsonStrings(text)) {
    add(value);
    add(JSON.stringify(value).slice(1, -1));
    for (const line of value.split(/\r?\n/)) add(line);
  }
  return parts;
}

/** Fields every GCP key file shares: public, and scrubbing them would garble help texts. */
const PUBLIC_KEY_FIELDS = new Set([
  "type",
  "auth_uri",
  "token_uri",
  "auth_provider_x509_cert_url",
  "universe_domain",
]);

function jsonStrings(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return [];
    return Object.entries(parsed as Record<string, unknown>)
      .filter(([key]) => !PUBLIC_KEY_FIELDS.has(key))
      .map(([, value]) => value)
      .filter((value): value is string => typeof value === "string");
  } catch {
    return [];
  }
}

/** Which kind of storage credentials a text is; undefined when it is neither. */
function credentialsKind(text: string): "gcp" | "aws" | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
      const key = parsed as Record<string, unknown>;
      const serviceAccount = key.type === "service_account";
      const hasKey = typeof key.client_email === "string" && typeof key.private_key === "string";
      return serviceAccount || hasKey ? "gcp" : undefined;
    } catch {
      return undefined;
    }
  }
  const lines = trimmed.split(/\r?\n/).map((line) => line.trim());
  const has = (name: string) =>
    lines.some((line) => new RegExp(`^${name}\\s*=\\s*\\S`, "i").test(line));
  const section = lines.some((line) => /^\[[^\]]+\]$/.test(line));
  return section && has("aws_access_key_id") && has("aws_secret_access_key") ? "aws" : undefined;
}

/**
 * For the strict object that carries credentials where no file is offered:
 * a credentials_file sent anyway is refused in words that say what to do,
 * not as an "unrecognized key".
 */
export const refuseServerFiles: z.core.$ZodErrorMap = (issue) =>
  issue.code === "unrecognized_keys" && issue.keys.includes("credentials_file")
    ? NO_SERVER_FILES
    : undefined;
