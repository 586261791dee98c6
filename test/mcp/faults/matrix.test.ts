/**
 * Every fault x every tool, through a real MCP client, server, HTTP and the emulator. Each pair
 * runs twice: with the fault on every request (the tool's first request meets it, whatever it
 * is), and with the fault on writes only (reads pass, the POST/PATCH/DELETE meets it). Either
 * the call succeeds, or it says clearly what went wrong; always within the deadline; and no
 * write is ever sent twice.
 */
import { afterAll, describe, it, type ExpectStatic } from "vitest";
import type { FaultSpec } from "../../helpers/emulator.js";
import type { ToolDefinition } from "../../../src/tools/define.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import { FAULT_CASES, type FaultCase } from "./fault-cases.js";
import {
  argsFor,
  closedPort,
  countOf,
  DEADLINE_MS,
  MARGIN_MS,
  MAX_RETRIES,
  repeatedWrites,
  startRig,
  type Rig,
} from "./fault-rig.js";

const WRITE_METHODS = ["POST", "PATCH", "DELETE"] as const;

const figures = { pairs: 0, calls: 0, writesFaulted: 0, writesSentTwice: 0, slowest: 0 };
const skipped: string[] = [];

afterAll(() => {
  const faults = FAULT_CASES.length + 1; // + connection refused
  console.log(
    `fault matrix: ${faults} faults x ${ALL_TOOLS.length} tools, ${figures.pairs} pairs tried, ` +
      `${figures.calls} calls, ${figures.writesFaulted} faulted writes, ` +
      `${figures.writesSentTwice} writes sent more than once, slowest call ${Math.round(figures.slowest)} ms` +
      (skipped.length > 0 ? `; skipped (no known arguments): ${skipped.join(", ")}` : ""),
  );
});

/** Calls the tool with `faults` armed and checks what came back and what was sent. */
async function check(
  expect: ExpectStatic,
  rig: Rig,
  tool: ToolDefinition,
  fault: FaultCase,
  mode: string,
  args: Record<string, unknown>,
  faults: FaultSpec[],
): Promise<void> {
  const from = rig.emulator.requests.length;
  for (const spec of faults) rig.emulator.faults.add(spec);
  const { result, text, ms } = await rig.call(tool.name, args);
  rig.emulator.faults.clear();
  const seen = rig.since(from);
  const where = `${fault.label} x ${tool.name}, ${mode}: ${text}`;
  const faulted = seen.filter((r) => r.fault !== undefined);
  const twice = repeatedWrites(seen);
  figures.calls += 1;
  figures.writesFaulted += faulted.filter((r) => r.method !== "GET").length;
  figures.writesSentTwice += twice.length;
  figures.slowest = Math.max(figures.slowest, ms);

  expect(ms, where).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  expect(twice, where).toEqual([]);
  const first = faulted[0];
  if (first === undefined || fault.benign || fault.benignFor?.includes(first.method)) {
    expect(result.isError, where).toBeFalsy();
    expect(result.structuredContent, where).toBeDefined();
    return;
  }
  expect(result.isError, where).toBe(true);
  expect(text, where).toMatch(new RegExp(`^${tool.name} failed: `));
  expect(text, where).toMatch(fault.error);
  const attempts = first.method === "GET" && fault.retried ? MAX_RETRIES + 1 : 1;
  // Requests that start together (the audit asks for a service's backups, schedules and
  // restores at once): the one that fails the call had every attempt, a sibling it cut short
  // fewer, and none more.
  expect(Math.max(...faulted.map((r) => countOf(seen, r))), where).toBe(attempts);
}

/** A tool this suite has no arguments for runs only if guessed ones work without faults. */
async function usable(rig: Rig, tool: ToolDefinition): Promise<boolean> {
  const { result, text } = await rig.call(tool.name, argsFor(tool).make(rig));
  if (!result.isError) return true;
  const note = `${tool.name} (${text.slice(0, 80)})`;
  if (!skipped.includes(note)) {
    skipped.push(note);
    console.warn(`fault matrix: skipping ${note}; add its arguments to KNOWN_ARGS in fault-rig.ts`);
  }
  return false;
}

describe.concurrent("every fault x every tool", () => {
  for (const tool of ALL_TOOLS) {
    const { known, make } = argsFor(tool);

    for (const fault of FAULT_CASES) {
      it(`${fault.label} x ${tool.name}`, async ({ expect, skip }) => {
        const rig = await startRig();
        try {
          if (!known && !(await usable(rig, tool))) skip();
          figures.pairs += 1;
          const always = { ...fault.spec, times: Infinity };
          await check(expect, rig, tool, fault, "every request", make(rig), [always]);
          const writes = WRITE_METHODS.map((method) => ({ ...always, match: { method } }));
          await check(expect, rig, tool, fault, "writes only", make(rig), writes);
          if (tool.kind !== "read") {
            const sent = rig.emulator.requests.filter((r) => r.method !== "GET" && r.fault);
            expect(sent.length, "the writes-only pass never reached a write").toBeGreaterThan(0);
          }
        } finally {
          await rig.close();
        }
      });
    }

    it(`connection refused x ${tool.name}`, async ({ expect, skip }) => {
      if (!known) {
        const probe = await startRig();
        const ok = await usable(probe, tool).finally(() => probe.close());
        if (!ok) skip();
      }
      const port = await closedPort();
      const rig = await startRig({ apiUrl: `http://127.0.0.1:${port}` });
      try {
        figures.pairs += 1;
        figures.calls += 1;
        const { result, text, ms } = await rig.call(tool.name, make(rig));
        figures.slowest = Math.max(figures.slowest, ms);
        expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
        expect(result.isError, text).toBe(true);
        expect(text).toContain(`${tool.name} failed: `);
        expect(text).toContain(`could not reach http://127.0.0.1:${port} (ECONNREFUSED)`);
        expect(text).toContain("SKYSQL_API_URL");
        expect(rig.emulator.requests).toEqual([]);
      } finally {
        await rig.close();
      }
    });
  }
});
