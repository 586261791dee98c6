/** The faults every tool is tried against, and what a clear error for each must say. */
import type { FaultSpec } from "../../helpers/emulator.js";
import { MAX_RESPONSE_BYTES, TIMEOUT_MS } from "./fault-rig.js";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A fault without its match and times: the suite decides where and how often it hits. */
export type FaultShape = DistributiveOmit<FaultSpec, "match" | "times">;

export interface FaultCase {
  label: string;
  spec: FaultShape;
  /** What the isError text must contain when this fault spoiled the call. */
  error: RegExp;
  /** Whether a GET that meets it is tried again. */
  retried: boolean;
  /** The client must accept the answer as it is. */
  benign?: boolean;
  /** Methods for which the fault is harmless (a DELETE's 200 needs no body). */
  benignFor?: readonly string[];
  /** A write meeting it may have been applied, so the error must say to check first. */
  maybeApplied: boolean;
}

const URL = String.raw`http://127\.0\.0\.1:\d+`;
/** Far past the client's per-attempt timeout. */
const SLOW_MS = 2_000;

export const FAULT_CASES: readonly FaultCase[] = [
  {
    label: "reset",
    spec: { fault: "reset" },
    error: new RegExp(`could not reach ${URL} \\((ECONNRESET|UND_ERR_SOCKET)\\)`),
    retried: true,
    maybeApplied: true,
  },
  {
    label: "reset_mid_body",
    spec: { fault: "reset_mid_body" },
    error: /connection lost while reading the answer \(\w+\) after status 200/,
    retried: true,
    maybeApplied: true,
  },
  {
    label: "slow_headers",
    spec: { fault: "slow_headers", delayMs: SLOW_MS },
    error: new RegExp(`no complete answer within ${TIMEOUT_MS} ms`),
    retried: true,
    maybeApplied: true,
  },
  {
    label: "slow_body",
    spec: { fault: "slow_body", delayMs: SLOW_MS },
    error: new RegExp(`no complete answer within ${TIMEOUT_MS} ms after status 200`),
    retried: true,
    maybeApplied: true,
  },
  {
    label: "status 500",
    spec: { fault: "status", status: 500 },
    error:
      /500 Internal Server Error: "Internal Server Error \(emulator fault\)" \(trace_id [0-9a-f]{32}\)/,
    retried: false,
    maybeApplied: true,
  },
  ...[502, 503, 504].map((status) => ({
    // A 503 means the API did not take the request on; a 502 or 504 may come after it acted.
    maybeApplied: status !== 503,
    label: `status ${status}`,
    spec: { fault: "status", status } as const,
    error: new RegExp(`${status} (Bad Gateway|Service Unavailable|Gateway Timeout): .*trace_id`),
    retried: true,
  })),
  {
    label: "status 429 Retry-After 0",
    spec: { fault: "status", status: 429, retryAfter: "0" },
    error: /429 Too Many Requests: .*rate limiting/,
    retried: true,
    maybeApplied: false,
  },
  {
    label: "html",
    spec: { fault: "html" },
    error: /502 Bad Gateway: a proxy or gateway answered with an HTML page "502 Bad Gateway"/,
    retried: true,
    maybeApplied: true,
  },
  {
    label: "truncated_json",
    spec: { fault: "truncated_json" },
    error: /200 OK with an unusable body: invalid or truncated JSON/,
    benignFor: ["DELETE"],
    retried: false,
    maybeApplied: true,
  },
  {
    label: "huge_body",
    spec: { fault: "huge_body", bytes: 3 * MAX_RESPONSE_BYTES },
    error: new RegExp(
      `with an unusable body: response body exceeds the ${MAX_RESPONSE_BYTES}-byte limit`,
    ),
    retried: false,
    maybeApplied: true,
  },
  {
    label: "wrong_content_type",
    spec: { fault: "wrong_content_type" },
    error: /$^/,
    retried: false,
    maybeApplied: false,
    benign: true,
  },
];
