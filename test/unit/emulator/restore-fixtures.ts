/** Backups and bodies the restore tests start from, picked from the generated data. */
import { SCENARIOS, type Backup, type EmulatorState } from "../../helpers/emulator.js";

export const RESTORES = "/skybackup/v1/restores";
export const SCRATCH = SCENARIOS.restoreTarget;
export const json = (body: unknown): { body: string } => ({ body: JSON.stringify(body) });

/** The newest backup of a service with this type and status. */
export function newest(
  state: EmulatorState,
  serviceId: string,
  type: Backup["type"],
  status: Backup["status"] = "Succeeded",
): Backup {
  const found = state.backups.findLast(
    (b) => b.service_id === serviceId && b.type === type && b.status === status,
  );
  if (found === undefined) throw new Error(`no ${status} ${type} backup of ${serviceId}`);
  return found;
}

/** Seconds a restore of this many bytes runs at speed-up 1: 2 min + 100 MB/s, whole seconds. */
export const runSeconds = (bytes: number): number => Math.round(120 + bytes / 100_000_000);
