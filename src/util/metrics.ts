/**
 * What the server counts for an operator's Prometheus (opt-in with
 * --metrics-port in team mode). The code that does the work reports here;
 * http/prometheus.ts turns it into prom-client metrics when metrics are on, and
 * until then every report goes nowhere. Labels are fixed vocabularies (a tool
 * name, an outcome, an HTTP method and status, a refusal reason): never a key,
 * an id or a name, which would leak and make a series per user.
 */
export interface MetricsSink {
  toolCallStarted(): void;
  toolCallEnded(tool: string, outcome: string, seconds: number): void;
  /** One attempt at an API request: its method, HTTP status (0: no response) and time. */
  apiAttempt(method: string, status: number, seconds: number): void;
  apiRetry(method: string): void;
  /** A confirmation_token refused (malformed, foreign, arguments, expired, used, state), or declined by the user. */
  confirmationRefused(reason: string): void;
  /** Per-key API clients team mode holds right now. */
  apiClientsHeld(count: number): void;
}

const NOWHERE: MetricsSink = {
  toolCallStarted: () => undefined,
  toolCallEnded: () => undefined,
  apiAttempt: () => undefined,
  apiRetry: () => undefined,
  confirmationRefused: () => undefined,
  apiClientsHeld: () => undefined,
};

let sink: MetricsSink = NOWHERE;

/** The process's one sink: metrics describe the process, as Prometheus scrapes it. */
export const metrics = (): MetricsSink => sink;

export function reportMetricsTo(next: MetricsSink | undefined): void {
  sink = next ?? NOWHERE;
}
