/** The parts of audit_backups' structuredContent the tool tests read. */
export interface AuditFinding {
  severity: string;
  service_id: string;
  kind: string;
  message: string;
  count?: number;
  since?: string;
  from?: string;
  to?: string;
  suggested_id?: string;
}

export interface AuditServiceSummary {
  service_id: string;
  status: string;
  known?: boolean;
  controls: Record<string, string>;
  backups_total: number;
  window: { backups: number; by_status: Record<string, number>; by_type: Record<string, number> };
  schedules?: { count: number; suspended: number; next_runs: { time: string; type: string }[] };
}

export interface AuditReport {
  verdict: string;
  findings: AuditFinding[];
  services: AuditServiceSummary[];
  backups_scanned: number;
  generated_at: string;
  max_age_hours: number;
  lookback_days: number;
  restore_drill_days: number;
  restore_drill_required: boolean;
  notes?: string[];
}
