/**
 * The audit reads a service's binlogs into compact numbers (RestoreFacts
 * with onlyLatest) while the planner keeps every record; both must find the
 * same segments and the same newest point, on pages that arrive out of
 * order, with duplicates, a hole, a timeline break, odd file names and more
 * file stems than the compact form keeps.
 */
import { describe, expect, it } from "vitest";
import { newestPoint, RestoreFacts } from "../../../src/recovery/model.js";
import type { Backup } from "../../../src/api/records.js";
import { DAY, HOUR, NOW, backup, binlogs } from "../../helpers/backups.js";

const START = NOW - 5 * DAY;

function history(): Backup[] {
  const base = backup({ type: "full", at: START });
  const logs = [
    ...binlogs(START + HOUR, START + 20 * HOUR),
    // A six-hour hole, then logs whose files restart under another stem.
    ...binlogs(START + 27 * HOUR, START + 40 * HOUR).map((b, i) => ({
      ...b,
      binlog_file: `other-bin.${String(i).padStart(6, "0")}`,
    })),
    // Two hours apart but consecutive files: no hole.
    { ...backup({ type: "binarylog", at: START + 43 * HOUR }), binlog_file: "other-bin.000014" },
    // A file name with no number joins by time alone.
    { ...backup({ type: "binarylog", at: START + 44 * HOUR }), binlog_file: "no-number." },
    // Twenty stems, two hours apart: files of different stems are never consecutive.
    ...Array.from({ length: 20 }, (_, i) => ({
      ...backup({ type: "binarylog", at: START + 45 * HOUR + i * 2 * HOUR }),
      binlog_file: `stem${i}.bin.${String(i).padStart(6, "0")}`,
    })),
  ];
  return [base, ...logs];
}

/** A deterministic shuffle, with every third record read twice (the same backup on two pages). */
function pagesOutOfOrder(records: Backup[]): Backup[] {
  const out = records.flatMap((r, i) => (i % 3 === 0 ? [r, r] : [r]));
  let seed = 7;
  for (let i = out.length - 1; i > 0; i -= 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as Backup, out[i] as Backup];
  }
  return out;
}

function facts(records: Backup[], compact: boolean, breaks: number[]) {
  const f = new RestoreFacts(NOW, compact);
  for (const r of records) f.add(r);
  for (const b of breaks) f.addTimelineBreak(b);
  return f.points();
}

describe("binlog segments: the audit's compact facts and the planner's records agree", () => {
  for (const breaks of [[], [START + 10 * HOUR + 30 * 60_000]]) {
    it(`${breaks.length === 0 ? "without" : "with"} a timeline break`, () => {
      const records = pagesOutOfOrder(history());
      const full = facts(records, false, breaks);
      const compact = facts(records, true, breaks);
      expect(compact.segments).toEqual(full.segments);
      expect(compact.binlogs.map((b) => b.at)).toEqual(full.binlogs.map((b) => b.at));
      expect(newestPoint(compact)?.at).toBe(newestPoint(full)?.at);
      // The hole and the break split the history, consecutive files bridge their three-hour
      // wait, and each of the last 19 stems starts its own segment.
      expect(full.segments.length).toBe(2 + breaks.length + 19);
    });
  }
});
