/** followRestore on scripted get_restore answers, with a fake clock: no server, no waiting. */
import { describe, expect, it } from "vitest";
import { followRestore } from "../../../src/modes/drill.js";

/** A tool result as the in-process session gives it (src/mcp is off limits to unit tests). */
interface CallOutcome {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

function restoreAnswer(status: string, extra: Record<string, unknown> = {}): CallOutcome {
  return {
    isError: false,
    text: `#7 ${status}`,
    structured: { restore: { id: 7, status, service_id: "dbgsr10358824" }, ...extra },
  };
}

const readError: CallOutcome = {
  isError: true,
  text: "API error 503: unavailable\nretried 3 times",
  structured: undefined,
};

/** A session that answers get_restore from a script (the last answer repeats), and a clock that sleeps instantly. */
function rig(script: CallOutcome[], maxWaitMs = 3_600_000) {
  let clock = 0;
  const calls: Record<string, unknown>[] = [];
  const sleeps: number[] = [];
  const lines: string[] = [];
  const session = {
    call(tool: string, args: Record<string, unknown>) {
      expect(tool).toBe("get_restore");
      calls.push(args);
      return Promise.resolve(script[Math.min(calls.length - 1, script.length - 1)]!);
    },
    close: () => Promise.resolve(),
  };
  const run = followRestore(session, 7, {
    maxWaitMs,
    log: (line) => lines.push(line),
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  });
  return { run, calls, sleeps, lines };
}

describe("following a restore until it ends", () => {
  it("reads until Succeeded, backing off, with a progress line at each read", async () => {
    const { run, calls, sleeps, lines } = rig([
      restoreAnswer("Running"),
      restoreAnswer("Running"),
      restoreAnswer("Running"),
      restoreAnswer("Succeeded", { duration_ms: 6_500 }),
    ]);
    const result = await run;
    expect(result).toMatchObject({ ended: true, succeeded: true, durationMs: 6_500 });
    expect(calls).toEqual([{ id: 7 }, { id: 7 }, { id: 7 }, { id: 7 }]);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(lines).toEqual([
      "drill: restore #7 Running, 0 s elapsed",
      "drill: restore #7 Running, 1 s elapsed",
      "drill: restore #7 Running, 3 s elapsed",
      "drill: restore #7 Succeeded, 7 s elapsed",
    ]);
  });

  it("reports Failed, Cancelled and undocumented failures (Error, Aborted) as ended, not succeeded, with the drill's own time when the API gives none", async () => {
    for (const status of ["Failed", "Cancelled", "Error", "Aborted"]) {
      const { run } = rig([restoreAnswer("Running"), restoreAnswer(status)]);
      const result = await run;
      expect(result).toMatchObject({ ended: true, succeeded: false, durationMs: 1_000 });
      if (result.ended) expect(result.restore.status).toBe(status);
    }
  });

  it("gives up after the overall wait, never sleeping past it", async () => {
    const { run, sleeps } = rig([restoreAnswer("Running")], 20_000);
    const result = await run;
    expect(result.ended).toBe(false);
    if (!result.ended) expect(result.why).toMatch(/had not ended after 20 s .*goes on/);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 5_000]);
  });

  it("keeps going through one failed read, and stops after three in a row", async () => {
    const recovered = await rig([readError, restoreAnswer("Succeeded")]).run;
    expect(recovered).toMatchObject({ ended: true, succeeded: true });

    const { run, calls, lines } = rig([
      readError,
      readError,
      readError,
      restoreAnswer("Succeeded"),
    ]);
    const result = await run;
    expect(result.ended).toBe(false);
    if (!result.ended)
      expect(result.why).toContain("could not be read 3 times in a row: API error 503");
    expect(calls).toHaveLength(3);
    expect(lines[0]).toContain("could not read it (API error 503: unavailable)");
  });

  it("treats an answer without a restore record as a failed read, not as an end", async () => {
    const empty: CallOutcome = { isError: false, text: "odd", structured: {} };
    const result = await rig([empty, restoreAnswer("Succeeded")]).run;
    expect(result).toMatchObject({ ended: true, succeeded: true });
  });
});
