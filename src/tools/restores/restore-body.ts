/**
 * The POST /skybackup/v1/restores body for each kind of source: the backup
 * id, the source service with its point in time, or the file in a bucket
 * with its (base64) credentials and key.
 */
import type { CreateRestoreBody } from "../../api/client.js";
import type { CreateRestoreArgs } from "./restore-input.js";
import type { ResolvedSource } from "./restore-preview.js";

/** 'YYYY-MM-DD hh:mm:ss' UTC, the one form POST /restores takes. */
const apiPoint = (iso: string): string => iso.replace("T", " ").replace(/Z$/, "");

export function bodyOf(
  resolved: ResolvedSource,
  args: CreateRestoreArgs,
  credentials: string | undefined,
): CreateRestoreBody {
  const service_id = args.target_service_id;
  if (resolved.kind === "external") {
    const { bucket, method, file, encryption_key } = resolved.external;
    return {
      id: file,
      service_id,
      external_source: {
        bucket,
        method,
        ...(credentials !== undefined && { credentials }),
        ...(encryption_key !== undefined && { encryption_key }),
      },
    };
  }
  const s = resolved.source;
  if (resolved.kind === "backup") return { id: s.chain.at(-1)?.id ?? "", service_id };
  return { id: s.serviceId, service_id, point_in_time: apiPoint(s.point) };
}
