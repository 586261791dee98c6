/**
 * What a restore read from, told by its backup_id: a managed backup's key
 * `<hex>:<source service id>:<pod>`, the source service id itself for a
 * point-in-time restore, or else a file in an external bucket. One reading
 * for the audit's drill credit and the restore tools' text.
 * (A point-in-time restore's backup_id being its source service id is what
 * the vendor's examples suggest; RESTORES-NOTES leaves it open.)
 */
import { SERVICE_ID_PATTERN } from "../util/ids.js";

export type RestoreSource =
  | { kind: "backup"; service: string }
  | { kind: "point-in-time"; service: string }
  | { kind: "file" };

const KEY_HEX = /^[0-9a-f]{8,}$/i;

export function restoreSourceOf(backupId: string): RestoreSource {
  const parts = backupId.split(":");
  const [hex, service] = parts;
  if (parts.length === 3 && KEY_HEX.test(hex ?? "") && SERVICE_ID_PATTERN.test(service ?? ""))
    return { kind: "backup", service: service ?? "" };
  if (SERVICE_ID_PATTERN.test(backupId)) return { kind: "point-in-time", service: backupId };
  return { kind: "file" };
}
