/** How an emulator is started, and what a running one offers the caller (tests, demo mode). */
import type { FaultKind, Faults } from "./faults.js";
import type { EmulatorState } from "./state.js";

export interface EmulatorOptions {
  /** Required X-API-Key value; default "demo-key". */
  apiKey?: string;
  /**
   * Any key is accepted and gets an account of its own, generated on its
   * first request from a seed derived from the key (team mode's per-user
   * keys, and tests that one user never sees another's data). Keys starting
   * "revoked" are refused. apiKey's account is `state`.
   */
  perKeyAccounts?: boolean;
  /** PRNG seed for generated data; default 42. */
  seed?: number;
  /** Injectable clock; default () => new Date(). */
  now?: () => Date;
  /** Approximate total backups to generate; default ~1500 (never fewer than a 30-day history). */
  backups?: number;
  /** Number of services; default 9 (one per scenario role), at least 6. */
  services?: number;
  /** Start with no services, backups or schedules. */
  emptyData?: boolean;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Shape of GET /backups/{service_id}; default "paged". */
  serviceBackupsShape?: "paged" | "array" | "object";
  /**
   * Restores run this many times faster than simulated (2 min + size at 100 MB/s); default 1.
   * Demo mode uses DEMO_RESTORE_SPEEDUP so a restore finishes within about a minute.
   */
  restoreSpeedup?: number;
  /**
   * Shape of GET /restores and /restores/{id}: "spec" (paged object, one object; default) or
   * "docs" (bare arrays with `key` instead of `backup_id`, as the vendor's worked examples show).
   */
  restoreShape?: "spec" | "docs";
}

/** Demo mode's restore speed-up: a 100 GB restore (about 19 simulated minutes) takes under a minute. */
export const DEMO_RESTORE_SPEEDUP = 30;

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** 0 when nothing was answered (a `reset` fault). */
  status: number;
  /** The injected fault that answered it, if any. */
  fault?: FaultKind;
}

export interface RunningEmulator {
  url: string;
  port: number;
  apiKey: string;
  requests: RecordedRequest[];
  /** Injected failures for tests; empty unless a test adds some. */
  faults: Faults;
  state: EmulatorState;
  close(): Promise<void>;
}
