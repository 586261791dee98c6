/** How an emulator is started, and what a running one offers the caller (tests, demo mode). */
import type { FaultKind, Faults } from "./faults.js";
import type { EmulatorState } from "./state.js";

export interface EmulatorOptions {
  /** Required X-API-Key value; default "demo-key". */
  apiKey?: string;
  /** PRNG seed for generated data; default 42. */
  seed?: number;
  /** Injectable clock; default () => new Date(). */
  now?: () => Date;
  /** Approximate total backups to generate; default ~1500 (never fewer than a 30-day history). */
  backups?: number;
  /** Number of services; default 8, at least 6. */
  services?: number;
  /** Start with no services, backups or schedules. */
  emptyData?: boolean;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Shape of GET /backups/{service_id}; default "paged". */
  serviceBackupsShape?: "paged" | "array" | "object";
}

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
