/** Hand-built backups for the pure audit and planner tests: only the fields that matter. */
import type { Backup } from "../../src/api/records.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const NOW = Date.parse("2026-11-26T12:00:00Z");

let counter = 0;

/** `YYYY-MM-DD hh:mm:ss`, the API's point_in_time form. */
export const pit = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace("T", " ");
export const rfc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface Draft {
  type?: string;
  status?: string;
  /** Start time; the point defaults to start + 1 minute for successes. */
  at: number;
  point?: number;
  ref?: string;
  service?: string;
  id?: string;
  file?: number;
}

export function backup(d: Draft): Backup {
  counter += 1;
  const status = d.status ?? "Succeeded";
  const ok = status === "Succeeded";
  const b: Backup = {
    id: d.id ?? `${counter.toString(16).padStart(32, "0")}:${d.service ?? "dbaaa00000001"}:pod-0`,
    service_id: d.service ?? "dbaaa00000001",
    type: d.type ?? "full",
    status,
    start_time: rfc(d.at),
    end_time: status === "Running" ? "" : rfc(d.at + 60_000),
    point_in_time: ok ? pit(d.point ?? d.at + 60_000) : "",
    reference_full_backup: d.ref ?? "",
    backup_size: 1000,
  };
  if (d.file !== undefined) b.binlog_file = `mariadb-bin.${String(d.file).padStart(6, "0")}`;
  return b;
}

/** Hourly binlog backups whose points are on the hour, from `from` to `to` inclusive. */
export function binlogs(from: number, to: number, service?: string): Backup[] {
  const out: Backup[] = [];
  for (let t = from; t <= to; t += HOUR) {
    out.push(
      backup({
        type: "binarylog",
        at: t + 20_000,
        point: t,
        file: t / HOUR,
        ...(service && { service }),
      }),
    );
  }
  return out;
}
