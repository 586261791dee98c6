/**
 * Where a schedule's backups go: MariaDB Cloud's own storage or a bucket of
 * the customer's. Bucket paths are checked before anything is sent; an
 * existing schedule's destination is read leniently, since the API does not
 * document how (or whether) it reports it.
 */
import { isRecord, type Schedule } from "../../api/records.js";

/**
 * gs://<bucket>/<path> or s3://<bucket>/<path>; the path part is optional.
 * Bucket names are 3-63 characters in both clouds; a path has no spaces and
 * no "." or ".." segment, which object stores would take literally.
 */
const BUCKET_PATH = /^(gs|s3):\/\/[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9](\/\S*)?$/;

export const BUCKET_PATH_RULE =
  "bucket_path must be gs://<bucket>/<path> or s3://<bucket>/<path> (a Google Cloud Storage or Amazon S3 bucket; no spaces, no . or .. segments)";

export function isBucketPath(path: string): boolean {
  if (!BUCKET_PATH.test(path)) return false;
  const segments = path.slice(5).split("/").slice(1);
  return !segments.some((segment) => segment === "." || segment === "..");
}

/** The cloud a bucket path belongs to: its credentials must be that cloud's. */
export function bucketCloud(path: string): "gcp" | "aws" | undefined {
  if (path.startsWith("gs://")) return "gcp";
  if (path.startsWith("s3://")) return "aws";
  return undefined;
}

type Destination =
  { kind: "cloud" } | { kind: "bucket"; path: string | undefined } | { kind: "unknown" };

/** A bucket path anywhere the API might put one, or the is_external_storage flag. */
function destinationOf(schedule: Schedule): Destination {
  const storage = schedule.external_storage;
  const bucket = isRecord(storage) ? storage.bucket : schedule.bucket;
  const candidates = [
    isRecord(bucket) ? bucket.path : bucket,
    isRecord(storage) ? storage.path : undefined,
    schedule.bucket_path,
  ];
  const path = candidates.find(
    (value): value is string => typeof value === "string" && value !== "",
  );
  if (path !== undefined) return { kind: "bucket", path };
  if (schedule.is_external_storage === true) return { kind: "bucket", path: undefined };
  if (schedule.is_external_storage === false) return { kind: "cloud" };
  return { kind: "unknown" };
}

/** Whether an existing schedule writes where a new one would: yes, no, or "unknown". */
export function sameDestination(
  existing: Schedule,
  bucketPath: string | undefined,
): boolean | "unknown" {
  const there = destinationOf(existing);
  if (there.kind === "unknown") return "unknown";
  if (bucketPath === undefined) return there.kind === "cloud";
  if (there.kind === "cloud") return false;
  if (there.path === undefined) return "unknown";
  return trimSlashes(there.path) === trimSlashes(bucketPath);
}

export function describeDestination(bucketPath: string | undefined): string {
  return bucketPath === undefined ? "MariaDB Cloud storage" : `your bucket ${bucketPath}`;
}

const trimSlashes = (path: string) => path.replace(/\/+$/, "");
