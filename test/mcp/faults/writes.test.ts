/**
 * Writes are sent once. A POST/PATCH/DELETE that may have reached the API is never repeated,
 * even when one more try would have worked; only a refused connection, which proves the
 * request never left, is tried again.
 */
import { Agent, buildConnector } from "undici";
import { describe, it } from "vitest";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { FAULT_CASES } from "./fault-cases.js";
import {
  argsFor,
  closedPort,
  DEADLINE_MS,
  MARGIN_MS,
  MAX_RETRIES,
  startRig,
  type Rig,
} from "./fault-rig.js";

const SCHEDULES = "/skybackup/v1/backups/schedules";
const WRITE_TOOLS = ALL_TOOLS.filter((tool) => tool.kind !== "read" && argsFor(tool).known);
const WRITE_METHODS = ["POST", "PATCH", "DELETE"] as const;

function writesIn(rig: Rig, from: number) {
  return rig.since(from).filter((r) => r.method !== "GET");
}

describe.concurrent("a write that meets a fault once is not sent again", () => {
  for (const tool of WRITE_TOOLS) {
    for (const fault of FAULT_CASES) {
      it(`${tool.name} meets ${fault.label}`, async ({ expect }) => {
        const rig = await startRig();
        try {
          const args = argsFor(tool).make(rig);
          const from = rig.emulator.requests.length;
          // Once: a retry would find the API healthy and succeed, so a repeat cannot hide.
          for (const method of WRITE_METHODS)
            rig.emulator.faults.add({ ...fault.spec, match: { method }, times: 1 });
          const { result, text, ms } = await rig.call(tool.name, args);
          rig.emulator.faults.clear();
          const writes = writesIn(rig, from);
          expect(ms, text).toBeLessThan(DEADLINE_MS + MARGIN_MS);
          expect(writes, text).toHaveLength(1);
          expect(writes[0]?.fault).toBe(fault.spec.fault);
          if (fault.benign || fault.benignFor?.includes(writes[0]?.method ?? "")) {
            expect(result.isError, text).toBeFalsy();
          } else {
            expect(result.isError, text).toBe(true);
            expect(text).toMatch(fault.error);
            // A lost answer must not invite a blind retry that would duplicate the write.
            if (fault.maybeApplied) expect(text).toContain("may have been applied");
            else expect(text).not.toContain("may have been applied");
          }
        } finally {
          await rig.close();
        }
      });
    }
  }
});

/** A dispatcher whose connections numbered `refused(n)` go to a closed port: a real ECONNREFUSED. */
async function refusingDispatcher(refused: (connection: number) => boolean) {
  const closed = String(await closedPort());
  const connect = buildConnector({});
  const counts = { connects: 0 };
  // No keep-alive: every request opens its own connection, so connection numbers are requests.
  const agent = new Agent({
    pipelining: 0,
    connect: (options, callback) => {
      counts.connects += 1;
      const port = refused(counts.connects) ? closed : options.port;
      connect({ ...options, port }, callback);
    },
  });
  return { agent, counts };
}

describe("a refused connection never delivered the write, so it is tried again", () => {
  // "once" skips the duplicate check: the call is the two one-row lookups that prove the
  // service is known and the read of running backups (connections 1-3, keep-alive off), then the POST.
  const args = (rig: Rig) => ({ service_id: rig.serviceId, backup_type: "full", schedule: "once" });
  const LOOKUPS = 3;

  it("refused once: the schedule is created, by exactly one POST", async ({ expect }) => {
    const { agent, counts } = await refusingDispatcher((n) => n === LOOKUPS + 1);
    const rig = await startRig({ dispatcher: agent });
    try {
      const before = rig.emulator.state.schedules.size;
      const { result, text } = await rig.call("create_backup_schedule", args(rig));
      expect(result.isError, text).toBeFalsy();
      expect(counts.connects).toBe(LOOKUPS + 2);
      expect(writesIn(rig, 0).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${SCHEDULES}`]);
      expect(rig.emulator.state.schedules.size).toBe(before + 1);
    } finally {
      await rig.close();
      await agent.close();
    }
  });

  it("refused every time: tried 1 + maxRetries times, then a clear error", async ({ expect }) => {
    const { agent, counts } = await refusingDispatcher((n) => n > LOOKUPS);
    const rig = await startRig({ dispatcher: agent });
    try {
      const { result, text, ms } = await rig.call("create_backup_schedule", args(rig));
      expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      expect(result.isError).toBe(true);
      expect(text).toMatch(/could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      expect(text).toContain("SKYSQL_API_URL");
      expect(counts.connects).toBe(LOOKUPS + MAX_RETRIES + 1);
      expect(rig.emulator.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
    } finally {
      await rig.close();
      await agent.close();
    }
  });
});
