/** Restores put straight into the emulator's state, so a test controls their timing. */
import { SCENARIOS } from "./emulator.js";
import type { Harness } from "./harness.js";

const MINUTE = 60_000;

/** A restore into `serviceId` started `agoMin` minutes before the clock, ending after `runMin`. */
export function addRunning(h: Harness, serviceId: string, agoMin: number, runMin: number): number {
  const createdMs = h.emulator.state.now().getTime() - agoMin * MINUTE;
  return h.emulator.state.restores.add({
    serviceId,
    serviceName: h.emulator.state.service(serviceId)?.name ?? "?",
    backupId: `${"cd".repeat(16)}:${SCENARIOS.healthy}:pod-0`,
    bucket: "gs://sky-test",
    type: "physical",
    createdMs,
    endsMs: createdMs + runMin * MINUTE,
    outcome: { status: "Succeeded" },
  }).id;
}
