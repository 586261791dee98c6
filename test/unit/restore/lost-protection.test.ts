import { describe, expect, it } from "vitest";
import { lostProtection } from "../../../src/recovery/model.js";

const lost = (before: string[], after: string[]) => [...lostProtection(before, after)].sort();

describe("lostProtection", () => {
  it("the last binarylog going ends point-in-time recovery", () => {
    expect(lost(["full", "binarylog"], ["full"])).toEqual(["pitr"]);
  });

  it("the last base going leaves no new base backups", () => {
    expect(lost(["full", "incremental", "binarylog"], ["incremental", "binarylog"])).toEqual([
      "base",
    ]);
  });

  it("incrementals left on a dump alone have no full to build on", () => {
    expect(lost(["full", "dump", "incremental"], ["dump", "incremental"])).toEqual(["full_base"]);
  });

  it("stays quiet while each kind keeps one schedule, or had none to lose", () => {
    expect(lost(["full", "full", "binarylog", "binarylog"], ["full", "binarylog"])).toEqual([]);
    expect(lost(["dump", "snapshot"], ["snapshot"])).toEqual([]);
    expect(lost(["incremental"], [])).toEqual([]);
  });
});
