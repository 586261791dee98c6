/**
 * create_backup_schedule's external_storage: {bucket_path, credentials? |
 * credentials_file?}. Documented rules: bucket_path 1-1024 characters without
 * control characters; credentials 1-64 KiB of text; credentials_file a path
 * (1-4096, no control characters) of a regular file of at most 64 KiB that
 * the server can read; never both credentials and credentials_file. The
 * bucket is gs://<bucket>/… or s3://<bucket>/…; credentials are a GCP
 * service-account JSON or an AWS credentials INI.
 */
import { statSync } from "node:fs";
import fc from "fast-check";
import { hostileString, hugeString, wrongType } from "./hostile-values.js";
import { invalid, type FieldKind, type Problem, type World } from "./field-kinds.js";

const KEYS = ["bucket_path", "credentials", "credentials_file"];
// eslint-disable-next-line no-control-regex -- C0 controls and DEL are what the rule forbids
const CONTROL = /[\u0000-\u001f\u007f]/;

// A 3-63 character bucket name, then a path without spaces or "." / ".." segments.
const BUCKET = /^(gs|s3):\/\/[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9](\/|$)/;
const validPath = (path: string): boolean =>
  BUCKET.test(path) &&
  !/\s/.test(path) &&
  !path
    .slice(5)
    .split("/")
    .slice(1)
    .some((segment) => segment === "." || segment === "..");

/** An independent reading of "service-account JSON (gs://) or AWS INI (s3://)". */
function isCredentials(text: string, path: string): boolean {
  try {
    const key = JSON.parse(text) as Record<string, unknown>;
    if (typeof key !== "object" || key === null || Array.isArray(key)) return false;
    return (
      path.startsWith("gs://") &&
      (key["type"] === "service_account" ||
        (typeof key["client_email"] === "string" && typeof key["private_key"] === "string"))
    );
  } catch {
    if (!path.startsWith("s3://")) return false;
    const lines = text.split("\n").map((line) => line.trim());
    const has = (name: string) =>
      lines.some((line) => new RegExp(`^${name} *= *[^ ]`, "i").test(line));
    return (
      lines.some((line) => /^\[.+\]$/.test(line)) &&
      has("aws_access_key_id") &&
      has("aws_secret_access_key")
    );
  }
}

const GOOD_CREDENTIALS = [
  '{"type":"service_account","client_email":"b@p.iam.gserviceaccount.com","private_key":"k"}',
  '{"client_email":"b@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----"}',
  "[default]\naws_access_key_id = AKIAFUZZ\naws_secret_access_key = fuzzsecret\nregion = eu-west-1\n",
];

const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;

function readableFile(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFile() && info.size <= 64 * 1024;
  } catch {
    return false;
  }
}

function storageProblems(v: unknown, name: string): Problem[] {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return invalid(name);
  const storage = v as Record<string, unknown>;
  const problems = Object.keys(storage)
    .filter((key) => !KEYS.includes(key))
    .flatMap((key) => invalid(key, JSON.stringify(key)));
  const path = storage["bucket_path"];
  if (!isText(path, 1, 1024) || CONTROL.test(path) || !validPath(path))
    problems.push(...invalid("bucket_path"));
  const { credentials, credentials_file: file } = storage;
  if (credentials !== undefined && !isText(credentials, 1, 64 * 1024))
    problems.push(...invalid("credentials"));
  if (file !== undefined && (!isText(file, 1, 4096) || CONTROL.test(file)))
    problems.push(...invalid("credentials_file"));
  if (problems.length > 0) return problems;
  // Only reached once the shape is right: these are decided when the tool runs.
  if (credentials !== undefined && file !== undefined) return invalid("credentials_file");
  if (typeof file === "string" && !readableFile(file)) return invalid("credentials_file");
  if (
    typeof credentials === "string" &&
    typeof path === "string" &&
    !isCredentials(credentials, path)
  )
    return invalid("credentials");
  return [];
}

export function storageKind(world: World): FieldKind {
  const bucket = fc.stringMatching(/^(gs|s3):\/\/[a-z0-9-]{3,20}(\/[a-z0-9_-]{1,10}){0,3}$/);
  const credentials = fc.constantFrom(...GOOD_CREDENTIALS);
  const valid = fc.oneof(
    fc.record({ bucket_path: bucket }),
    fc.record({ bucket_path: bucket, credentials }),
    fc.record({ bucket_path: bucket, credentials_file: fc.constant(world.credentialsFile) }),
  );
  const anyText = (ok: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 3, arbitrary: ok }, hostileString, hugeString, wrongType, fc.constant(""));
  const hostileRecord = fc
    .record(
      {
        bucket_path: anyText(bucket),
        credentials: anyText(credentials),
        credentials_file: anyText(
          fc.constantFrom(
            world.credentialsFile,
            world.directory,
            `${world.directory}/missing.json`,
          ),
        ),
        extra: fc.constantFrom("__proto__", "constructor", "bucket", "path"),
      },
      { requiredKeys: [] },
    )
    .map(({ extra, ...fields }) =>
      extra === undefined ? fields : Object.fromEntries([...Object.entries(fields), [extra, 1]]),
    );
  return {
    valid,
    hostile: fc.oneof({ weight: 4, arbitrary: hostileRecord }, { weight: 1, arbitrary: wrongType }),
    problems: storageProblems,
  };
}
