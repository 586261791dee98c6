/**
 * Restore operations. A restore's status is never stored: it is derived from
 * the injected clock (Running until its end, then its planned outcome), so a
 * test moves the clock and reads the next status, as with `once` backups.
 */
import { rfc3339 } from "./format.js";

export type RestoreStatus = "Running" | "Succeeded" | "Failed" | "Cancelled";

/** What POST /restores decided when it accepted the request. */
export interface RestoreRun {
  id: number;
  /** The TARGET service. */
  serviceId: string;
  serviceName: string;
  /** The backup key, the PITR source service id, or the file in an external bucket. */
  backupId: string;
  bucket: string;
  type: "physical" | "logical";
  createdMs: number;
  /** When it ends, with `outcome`; before that it is Running. */
  endsMs: number;
  outcome: { status: "Succeeded" } | { status: "Failed"; message: string };
  cancelledMs?: number;
}

/** A restore exactly as the emulator answers it (the spec's v1.RestoreResponse plus updated_at). */
export interface RestoreRecord {
  id: number;
  service_id: string;
  service_name: string;
  backup_id: string;
  bucket: string;
  type: string;
  status: RestoreStatus;
  message: string;
  created_at: string;
  /** Not in the spec: when the status last changed. */
  updated_at: string;
}

const RUNNING_MESSAGE = "server is not-ready";
const SUCCEEDED_MESSAGE = "Restore has succeeded!";

export class RestoreBook {
  /** Ascending by id (so by creation), for paging like the backups list. */
  private readonly runs: RestoreRun[] = [];
  private nextId = 1;

  /** Stores a run; `id` is given by the demo history, otherwise the next one is taken. */
  add(run: Omit<RestoreRun, "id"> & { id?: number }): RestoreRun {
    const id = run.id ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const stored: RestoreRun = { ...run, id };
    this.runs.push(stored);
    this.runs.sort((a, b) => a.id - b.id);
    return stored;
  }

  get(id: number): RestoreRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  forTarget(serviceId: string): RestoreRun[] {
    return this.runs.filter((r) => r.serviceId === serviceId);
  }

  /** The restore still running on a service, which blocks another one and its backups. */
  runningOn(serviceId: string, nowMs: number): RestoreRun | undefined {
    return this.runs.find((r) => r.serviceId === serviceId && statusAt(r, nowMs) === "Running");
  }

  get all(): readonly RestoreRun[] {
    return this.runs;
  }
}

export function statusAt(run: RestoreRun, nowMs: number): RestoreStatus {
  if (run.cancelledMs !== undefined) return "Cancelled";
  return nowMs < run.endsMs ? "Running" : run.outcome.status;
}

function messageAt(run: RestoreRun, status: RestoreStatus): string {
  switch (status) {
    case "Running":
      return RUNNING_MESSAGE;
    case "Succeeded":
      return SUCCEEDED_MESSAGE;
    case "Failed":
      return run.outcome.status === "Failed" ? run.outcome.message : "Restore has failed";
    case "Cancelled":
      return `Restore was cancelled at ${rfc3339(run.cancelledMs ?? run.createdMs)}; the data of ${run.serviceId} may be incomplete: restore a known-good backup into it before using it`;
  }
}

/** The record as the API would send it at `nowMs`. */
export function recordAt(run: RestoreRun, nowMs: number): RestoreRecord {
  const status = statusAt(run, nowMs);
  const changedMs =
    status === "Running"
      ? run.createdMs
      : status === "Cancelled"
        ? (run.cancelledMs ?? run.endsMs)
        : run.endsMs;
  return {
    id: run.id,
    service_id: run.serviceId,
    service_name: run.serviceName,
    backup_id: run.backupId,
    bucket: run.bucket,
    type: run.type,
    status,
    message: messageAt(run, status),
    created_at: rfc3339(run.createdMs),
    updated_at: rfc3339(changedMs),
  };
}

/** The shape of the vendor's worked examples: `key` for the backup, no service_name or times. */
export function docsRecordAt(run: RestoreRun, nowMs: number): Record<string, unknown> {
  const r = recordAt(run, nowMs);
  return {
    id: r.id,
    service_id: r.service_id,
    bucket: r.bucket,
    key: r.backup_id,
    type: r.type,
    status: r.status,
    message: r.message,
  };
}
