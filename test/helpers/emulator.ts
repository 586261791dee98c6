/**
 * The emulator as tests and benchmarks start it: the shipped one
 * (src/emulator), plus what only tests need, through its `around` hook: a
 * record of every request, and faults injected on matching requests
 * (faults.ts). Everything else src/emulator exports is re-exported here.
 */
import {
  startEmulator as startShippedEmulator,
  type EmulatorOptions,
  type RunningEmulator as ShippedEmulator,
} from "../../src/emulator/emulator.js";
import { FaultController, planFault, type FaultKind, type Faults } from "./faults.js";

export * from "../../src/emulator/emulator.js";
export type { FaultSpec } from "./faults.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** 0 when nothing was answered (a `reset` fault). */
  status: number;
  /** The injected fault that answered it, if any. */
  fault?: FaultKind;
}

/** What tests get: the shipped emulator's handle, plus the record and the faults. */
export interface RunningEmulator extends ShippedEmulator {
  /** Every request, in the order they were answered. */
  requests: RecordedRequest[];
  /** Injected failures; empty unless a test adds some. */
  faults: Faults;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultController();
  const running = await startShippedEmulator({
    ...options,
    around: async ({ req, res, method, path, query, nowMs, answer, send }) => {
      const fault = faults.take(method, path);
      if (fault === undefined) {
        const reply = await answer();
        requests.push({ method, path, query, status: reply.status });
        send(reply);
        return;
      }
      const plan = await planFault(fault, req, answer, { path, nowMs });
      requests.push({ method, path, query, status: plan.status, fault: fault.fault });
      if (!res.destroyed) await plan.deliver(res);
    },
  });
  return Object.assign(running, { requests, faults });
}
