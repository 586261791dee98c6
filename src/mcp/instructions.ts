/** Sent on initialize: which tool answers which question, and the safety rules in force. */
import type { ConfirmMode } from "../config/index.js";

export interface InstructionOptions {
  demo: boolean;
  tools: readonly string[];
  confirm: ConfirmMode;
  scope: readonly string[] | undefined;
}

export function serverInstructions(options: InstructionOptions): string {
  const has = (name: string) => options.tools.includes(name);
  const lines = [
    "MariaDB Cloud (SkySQL) backups. All times are UTC; service ids look like dbtgf28216706.",
    ...(has("list_services")
      ? ["Which databases exist, and a name's service id: list_services (found from backups)."]
      : []),
    ...(has("audit_backups")
      ? [
          "Posture questions (which databases are unprotected: stale, failing or stuck backups, schedules missing, suspended or not running, no recent full, binlog gaps): one audit_backups call; do not page list_backups to count.",
        ]
      : []),
    ...(has("plan_restore")
      ? [
          '"Can I restore X to time T?": plan_restore (service_id, target_time or "latest"); it plans, never restores.',
        ]
      : []),
    "Recent backups, failures, running jobs: list_backups (filter by service_id, status). One database's history: list_service_backups.",
    "Schedules: list_backup_schedules (needs service_id), get_backup_schedule (by id).",
  ];
  const writes = [
    has("create_backup_schedule") &&
      'create_backup_schedule ("once" = one backup now, or 5-field cron; refuses an identical existing schedule)',
    has("update_backup_schedule") && "update_backup_schedule (type, cron, suspend/resume)",
    has("delete_backup_schedule") && "delete_backup_schedule",
    has("suspend_service_schedules") &&
      "suspend_service_schedules (pause/resume all of a service's schedules in one call)",
  ].filter((entry): entry is string => typeof entry === "string");
  lines.push(
    writes.length > 0
      ? `Changes: ${writes.join(", ")}.`
      : "This server is read-only: it cannot create, change or delete schedules.",
  );
  if (
    has("update_backup_schedule") ||
    has("delete_backup_schedule") ||
    has("suspend_service_schedules")
  ) {
    lines.push(
      options.confirm === "never"
        ? "Confirmation is OFF (--confirm never): update, delete and suspend run immediately, with no preview."
        : "update/delete/suspend first return a preview and a confirmation_token; show the preview, its warnings included, to the user and repeat the same call with confirmation_token only after they agree.",
    );
  }
  if (options.scope) lines.push(`Only these services are accessible: ${options.scope.join(", ")}.`);
  if (options.demo) {
    lines.unshift(
      "DEMO MODE: data comes from a local emulator with generated demo data, not a real MariaDB Cloud account; changes affect only this session.",
    );
  }
  return lines.join("\n");
}
