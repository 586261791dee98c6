/** Sent on initialize: which tool answers which question. */
export function serverInstructions(options: { demo: boolean }): string {
  const lines = [
    "MariaDB Cloud (SkySQL) backups. All times are UTC; service ids look like dbtgf28216706.",
    "Recent backups, failures, running jobs: list_backups (filter by service_id, status). One database's history: list_service_backups.",
    "Schedules: list_backup_schedules (needs service_id), get_backup_schedule (by id).",
    'Changes: create_backup_schedule ("once" = one backup now, or 5-field cron), update_backup_schedule (type, cron, suspend/resume), delete_backup_schedule. Check existing schedules first so you do not create duplicates.',
  ];
  if (options.demo) {
    lines.unshift(
      "DEMO MODE: data comes from a local emulator with generated demo data, not a real MariaDB Cloud account; changes affect only this session.",
    );
  }
  return lines.join("\n");
}
