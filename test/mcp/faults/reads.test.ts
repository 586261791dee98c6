/**
 * Reads: transient faults are retried until an answer comes, lasting ones end in a clear error
 * within the deadline, and answers that cannot be trusted are never retried blindly.
 */
import { describe, expect, it } from "vitest";
import type { FaultSpec, RecordedRequest } from "../../helpers/emulator.js";
import { ALL_TOOLS } from "../../../src/tools/all-tools.js";
import type { FaultShape } from "./fault-cases.js";
import {
  argsFor,
  countOf,
  DEADLINE_MS,
  MARGIN_MS,
  MAX_RESPONSE_BYTES,
  startRig,
  TIMEOUT_MS,
  type Rig,
  type RigOptions,
  type Timed,
} from "./fault-rig.js";

const BACKUPS = "/skybackup/v1/backups";
// Tools without known arguments are tried (or skipped, with a note) by the matrix.
const READ_TOOLS = ALL_TOOLS.filter((tool) => tool.kind === "read" && argsFor(tool).known);
const PAST_DATE = new Date(Date.now() - 60_000).toUTCString();

const TRANSIENT: ReadonlyArray<[string, FaultShape]> = [
  ["503", { fault: "status", status: 503 }],
  ["502", { fault: "status", status: 502 }],
  ["504", { fault: "status", status: 504 }],
  ["429 Retry-After: 0", { fault: "status", status: 429, retryAfter: "0" }],
  ["429 Retry-After: a past HTTP date", { fault: "status", status: 429, retryAfter: PAST_DATE }],
  ["reset", { fault: "reset" }],
  ["reset_mid_body", { fault: "reset_mid_body" }],
  ["html 502 page", { fault: "html" }],
  ["slow_headers past the timeout", { fault: "slow_headers", delayMs: 2_000 }],
  ["slow_body past the timeout", { fault: "slow_body", delayMs: 2_000 }],
];

/** Each test gets its own emulator and server, so tests run side by side. */
async function withRig(fn: (rig: Rig) => Promise<void>, options?: RigOptions): Promise<void> {
  const rig = await startRig(options);
  try {
    await fn(rig);
  } finally {
    await rig.close();
  }
}

/** Calls with the table's arguments and the faults armed; returns what came back and was sent. */
async function callWith(
  rig: Rig,
  name: string,
  faults: FaultSpec[],
): Promise<Timed & { seen: RecordedRequest[]; faulted: RecordedRequest[] }> {
  const tool = ALL_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const args = argsFor(tool).make(rig);
  const from = rig.emulator.requests.length;
  for (const fault of faults) rig.emulator.faults.add(fault);
  const timed = await rig.call(name, args);
  rig.emulator.faults.clear();
  const seen = rig.since(from);
  expect(timed.ms, timed.text).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  return { ...timed, seen, faulted: seen.filter((r) => r.fault !== undefined) };
}

describe.concurrent("a read recovers from one transient fault", () => {
  for (const tool of READ_TOOLS) {
    for (const [label, fault] of TRANSIENT) {
      it(`${tool.name} after ${label}: succeeds on the second request`, () =>
        withRig(async (rig) => {
          const { result, text, faulted, seen } = await callWith(rig, tool.name, [fault]);
          expect(result.isError, text).toBeFalsy();
          expect(result.structuredContent).toBeDefined();
          expect(faulted).toHaveLength(1);
          const [first] = faulted;
          expect(first?.method).toBe("GET");
          if (first) expect(countOf(seen, first)).toBe(2);
        }));
    }
  }
});

describe.concurrent("a read does not retry what a retry cannot fix", () => {
  it("500: one request; the text carries the API's message and trace_id", () =>
    withRig(async (rig) => {
      const body = JSON.stringify({
        code: 500,
        errors: [{ error: "Internal Server Error", message: "backup index unavailable" }],
        trace_id: "5f0c2d9e8a7b4c3d2e1f0a9b8c7d6e5f",
      });
      const { result, text, seen } = await callWith(rig, "list_backups", [
        { fault: "status", status: 500, body },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toContain('500 Internal Server Error: "backup index unavailable"');
      expect(text).toContain("(trace_id 5f0c2d9e8a7b4c3d2e1f0a9b8c7d6e5f)");
      expect(text).toContain("quote the trace_id");
      expect(seen).toHaveLength(1);
    }));

  it("truncated JSON with 200: one request and a clear error, not a retry", () =>
    withRig(async (rig) => {
      const { result, text, seen } = await callWith(rig, "get_backup_schedule", [
        { fault: "truncated_json" },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toMatch(
        /-> 200 OK with an unusable body: invalid or truncated JSON \(\d+ bytes\)/,
      );
      expect(seen).toHaveLength(1);
    }));

  it("429 asking for more than 30 s: answered at once with the 429, not waited for", () =>
    withRig(async (rig) => {
      const { result, text, seen, ms } = await callWith(rig, "list_backups", [
        { fault: "status", status: 429, retryAfter: "120", times: Infinity },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toContain("429 Too Many Requests");
      expect(seen).toHaveLength(1);
      expect(ms).toBeLessThan(500);
    }));

  it("429 asking for 2 s each time: the deadline ends it with the 429, on time", () =>
    withRig(
      async (rig) => {
        const { result, text, seen, ms } = await callWith(rig, "list_backups", [
          { fault: "status", status: 429, retryAfter: "2", times: Infinity },
        ]);
        expect(result.isError).toBe(true);
        expect(text).toContain("429 Too Many Requests");
        expect(seen).toHaveLength(1);
        expect(ms).toBeGreaterThanOrEqual(900);
        expect(ms).toBeLessThan(1_000 + MARGIN_MS);
      },
      { deadlineMs: 1_000 },
    ));
});

describe.concurrent("slow answers and the deadline", () => {
  for (const fault of ["slow_headers", "slow_body"] as const) {
    it(`${fault} past the timeout every time: a clear timeout within the deadline`, () =>
      withRig(async (rig) => {
        const { result, text, seen } = await callWith(rig, "list_backups", [
          { fault, delayMs: 2_000, times: Infinity },
        ]);
        expect(result.isError).toBe(true);
        expect(text).toContain(`no complete answer within ${TIMEOUT_MS} ms`);
        expect(text).toContain("SKYSQL_TIMEOUT_MS");
        expect(seen).toHaveLength(4);
      }));

    it(`${fault} under the timeout: the answer, from one request`, () =>
      withRig(async (rig) => {
        const { result, text, seen } = await callWith(rig, "list_backups", [
          { fault, delayMs: 60, times: Infinity },
        ]);
        expect(result.isError, text).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ backups: expect.any(Array) });
        expect(seen).toHaveLength(1);
      }));
  }

  it("a deadline shorter than the retries ends them, saying so, on time", () =>
    withRig(
      async (rig) => {
        // Four attempts of 300 ms do not fit in 1 s: the deadline ends the fourth, or, on a
        // busy machine whose timers fire late, stops the retries before a fourth has left.
        const { result, text, seen, ms } = await callWith(rig, "list_backups", [
          { fault: "slow_headers", delayMs: 2_000, times: Infinity },
        ]);
        expect(result.isError).toBe(true);
        expect(text).toContain("the tool call's deadline passed");
        expect(text).toContain("SKYSQL_DEADLINE_MS");
        expect(seen.length).toBeGreaterThanOrEqual(3);
        expect(seen.length).toBeLessThanOrEqual(4);
        expect(ms).toBeGreaterThanOrEqual(950);
        expect(ms).toBeLessThan(1_000 + MARGIN_MS);
      },
      { deadlineMs: 1_000 },
    ));
});

describe.concurrent("bodies a client must not swallow whole", () => {
  it("a huge body: a clear error naming the limit, and the next call works", () =>
    withRig(async (rig) => {
      const { result, text, seen } = await callWith(rig, "list_backups", [
        { fault: "huge_body", bytes: 8 * MAX_RESPONSE_BYTES },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toContain(`response body exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
      expect(text.length).toBeLessThan(400);
      expect(seen).toHaveLength(1);
      const next = await callWith(rig, "list_backups", []);
      expect(next.result.isError, next.text).toBeFalsy();
    }));

  it("a 40 MB body against the default 32 MiB cap", () =>
    withRig(
      async (rig) => {
        const { result, text } = await callWith(rig, "list_backups", [{ fault: "huge_body" }]);
        expect(result.isError).toBe(true);
        expect(text).toContain(`exceeds the ${32 * 1024 * 1024}-byte limit`);
        const next = await callWith(rig, "list_backups", []);
        expect(next.result.isError, next.text).toBeFalsy();
      },
      // Streaming 32 MiB takes longer than the suite's 300 ms timeout on a busy machine.
      { maxResponseBytes: null, timeoutMs: 5_000, deadlineMs: 5_000 },
    ));

  it("a proxy's HTML page: the status and its first words, not the page", () =>
    withRig(async (rig) => {
      const { result, text } = await callWith(rig, "list_backups", [
        { fault: "html", times: Infinity },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toContain("502 Bad Gateway");
      expect(text.match(/padding to disable/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }));

  it("a long HTML page (a CDN's) is cut to a few words", () =>
    withRig(async (rig) => {
      const style = "b{x:y}".repeat(800);
      const body = `<!DOCTYPE html><html><head><title>Error 503</title><style>${style}</style></head><body>Service Unavailable END-OF-PAGE</body></html>`;
      const { result, text } = await callWith(rig, "list_backups", [
        { fault: "html", status: 503, body, times: Infinity },
      ]);
      expect(result.isError).toBe(true);
      expect(text).toContain("503 Service Unavailable");
      expect(text).not.toContain("END-OF-PAGE");
      expect(text.length).toBeLessThan(600);
    }));

  it("JSON labelled text/plain is read as JSON", () =>
    withRig(async (rig) => {
      const { result, text, seen } = await callWith(rig, "list_backups", [
        { fault: "wrong_content_type", times: Infinity },
      ]);
      expect(result.isError, text).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ backups: expect.any(Array) });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.path).toBe(BACKUPS);
    }));
});
