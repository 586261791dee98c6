/** Shared by the create_restore tests: the demo's services, its backups, and what reached the emulator. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { Backup } from "../../helpers/emulator.js";
import { structured, type Harness } from "../../helpers/harness.js";

export const SOURCE = SCENARIOS.healthy; // orders-prod, gcp
export const SCRATCH = SCENARIOS.restoreTarget; // scratch-restore, gcp
/**
 * A clock at which SOURCE's newest point is reached by replaying binlogs. On the real clock,
 * in the hour after each 6-hourly incremental no binlog is newer yet, so "latest" is that
 * backup itself, restored by its id: right, but another request, and the tests that expect a
 * point-in-time restore failed whenever CI ran in such an hour.
 */
export const BINLOG_HOUR = new Date("2026-12-05T13:38:00Z");
export const atBinlogHour = { now: () => BINLOG_HOUR };
export const AWS_SERVICE = SCENARIOS.stopped; // billing-prod, aws
export const AZURE_SERVICE = SCENARIOS.suspended; // crm-staging, azure

/** Restore-creating requests: POST /skybackup/v1/restores exactly (the lookup POST changes nothing). */
export const restorePosts = (h: Harness) =>
  h.emulator.requests.filter((r) => r.method === "POST" && r.path === "/skybackup/v1/restores");

export const restoresOn = (h: Harness, service: string) =>
  h.emulator.state.restores.forTarget(service);

/** The newest Succeeded backup of a type of a service. */
export function newestBackup(h: Harness, service: string, type: string): Backup {
  const found = h.emulator.state.backups.findLast(
    (b) => b.service_id === service && b.type === type && b.status === "Succeeded",
  );
  if (found === undefined) throw new Error(`no Succeeded ${type} of ${service} in the demo`);
  return found;
}

export const tokenOf = (result: CallToolResult): string => {
  const token = structured(result).confirmation_token;
  if (typeof token !== "string") throw new Error("expected a preview with a confirmation_token");
  return token;
};

/** A finished restore into `service`, as if someone else ran one. */
export function addFinishedRestore(h: Harness, service: string): void {
  const nowMs = h.emulator.state.now().getTime();
  h.emulator.state.restores.add({
    serviceId: service,
    serviceName: "someone else's",
    backupId: "elsewhere",
    bucket: "gs://elsewhere",
    type: "physical",
    createdMs: nowMs - 120_000,
    endsMs: nowMs - 60_000,
    outcome: { status: "Succeeded" },
  });
}
