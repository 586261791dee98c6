/** The audit's vocabulary: what it is asked, what it finds, what it reports. */

export type Severity = "critical" | "warning" | "info";
export type Verdict = "ok" | "warning" | "critical";

/** Stable identifiers: agents and dashboards key on these, so never rename one. */
type FindingKind =
  | "never_succeeded"
  | "stale"
  | "failing_streak"
  | "stuck_running"
  | "no_schedule"
  | "all_suspended"
  | "no_recent_full"
  | "binlog_gap"
  | "some_suspended"
  | "recent_failures"
  | "only_once_schedules"
  | "missed_runs"
  | "never_produced"
  | "long_incremental_chain"
  | "binlog_lag"
  | "unknown_service"
  | "invalid_service_id"
  | "unreadable_cron"
  | "restore_unproven"
  | "coming_rpo_breach"
  | "coming_full_age_breach"
  | "future_time"
  | "restored_over"
  | "suspect_base"
  | "runaway_growth";

/** The named controls evaluated for every service (see NOTES-audit.md). */
export const CONTROLS = [
  "recurring_protection",
  "schedules_deliver",
  "rpo",
  "base_backup_age",
  "pitr_coverage",
  "failures",
  "restore_proven",
  "schedules_meet_targets",
] as const;
type Control = (typeof CONTROLS)[number];
/** "unknown": the control needs data that was not read (schedules) or the service is unknown. */
export type ControlResult = "pass" | "fail" | "not_applicable" | "unknown";
export type ControlResults = Record<Control, ControlResult>;

export interface Finding {
  severity: Severity;
  service_id: string;
  kind: FindingKind;
  /** One sentence: what is wrong and what to do. */
  message: string;
  /** How many backups (failing_streak, recent_failures), schedules (suspended kinds) or runs missed. */
  count?: number;
  /** The schedules a finding is about (missed_runs, never_produced, only_once_schedules). */
  schedule_ids?: number[];
  /** For unknown_service: the id of the one service whose name matches the one asked for. */
  suggested_id?: string;
  /** For unknown_service: the ids of every service sharing the name asked for, when several do. */
  matching_ids?: string[];
  /** A time or window the finding is about (ISO 8601 UTC). */
  since?: string;
  from?: string;
  to?: string;
  /** For coming_*_breach: when the target will break if nothing changes (ISO 8601 UTC). */
  breaks_at?: string;
  /** The sizes behind suspect_base and runaway_growth: backup ids, bytes, the median compared with. */
  figures?: Record<string, unknown>;
}

export interface AuditOptions {
  now: Date;
  /** Recovery-point target: a service with no successful backup for longer is stale. */
  maxAgeHours: number;
  lookbackDays: number;
  /** A successful full, snapshot or dump must be younger than this, however long the lookback. */
  maxFullAgeDays: number;
  /** Audit exactly these services (and report those without backups); otherwise every service seen. */
  services?: readonly string[];
  /** A successful restore from a service's backups must be younger than this (default 30). */
  restoreDrillDays?: number;
  /** Set by require_restore_drill_days: an unproven service is then a warning, not info. */
  requireRestoreDrill?: boolean;
  /** A base this many percent under its type's median is suspect (default SUSPECT_SHRINK_PERCENT in recovery/model.ts). */
  suspectShrinkPercent?: number;
  /** A newest base over this many times the size of one a week earlier is runaway growth. */
  growthFactor?: number;
}

/** restore_proven's threshold when require_restore_drill_days is not given. */
export const DEFAULT_RESTORE_DRILL_DAYS = 30;

/** Thresholds of the rules; exported so tests and docs name the same numbers. */
/** The accepted range of each audit limit, for audit_backups' schema and the CLI's audit flags alike. */
export const AUDIT_LIMITS = {
  max_age_hours: { min: 1, max: 8760 },
  lookback_days: { min: 1, max: 90 },
  max_full_age_days: { min: 1, max: 365 },
  require_restore_drill_days: { min: 1, max: 365 },
  suspect_shrink_percent: { min: 1, max: 99 },
  growth_factor: { min: 2, max: 100 },
} as const;

export const STUCK_AFTER_HOURS = 6;
export const STREAK_MIN = 3;
/** Successful incrementals since the last base from which a restore counts as long. */
export const LONG_CHAIN = 30;

export interface NextRun {
  time: string;
  type: string;
  schedule_id?: number;
}

export interface ServiceSummary {
  service_id: string;
  service_name?: string;
  status: Verdict;
  /** False when the API knows neither backups nor schedules of a requested id. */
  known?: false;
  controls: ControlResults;
  /** Every backup of the service that was scanned, of any age. */
  backups_total: number;
  last_success?: { time: string; type: string; age_hours: number; id?: string };
  /**
   * The newest moment a restore reaches (the rpo control's point, and plan_restore's "latest"):
   * the base it starts from, and whether binlogs carry it past the base's own point.
   */
  last_restorable?: { time: string; age_hours: number; base_type: string; base_id: string };
  /** Within the lookback window, by start time. */
  window: {
    backups: number;
    by_status: Record<string, number>;
    by_type: Record<string, number>;
    storage_bytes: number;
  };
  /** Absent when schedules were not read for this service. */
  schedules?: { count: number; suspended: number; next_runs: NextRun[] };
}

export interface AuditReport {
  verdict: Verdict;
  generated_at: string;
  max_age_hours: number;
  lookback_days: number;
  max_full_age_days: number;
  /** restore_proven's threshold, and whether missing it is a warning (required) or info. */
  restore_drill_days: number;
  restore_drill_required: boolean;
  /** The size rules' thresholds (suspect_base, runaway_growth). */
  suspect_shrink_percent: number;
  growth_factor: number;
  backups_scanned: number;
  counts: Record<Severity, number>;
  findings: Finding[];
  services: ServiceSummary[];
  /** What the audit could not read or chose to ignore (e.g. an API without restore history). */
  notes?: string[];
}
