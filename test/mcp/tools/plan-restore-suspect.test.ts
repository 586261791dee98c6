/**
 * plan_restore over MCP against a hand-built upstream with a fixed clock:
 * a suspect base (recovery/model.ts's BaseSizes) is passed over for the newest base
 * that is not suspect, and the plan says why with the figures; with none
 * left it is used, with a warning. The audit's restorable point is the same.
 */
import { describe, expect, it } from "vitest";
import type { Backup } from "../../../src/api/records.js";
import { HOUR, backup } from "../../helpers/backups.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";
import { structured, textOf } from "../../helpers/harness.js";
import {
  DAY0,
  GB,
  NOW,
  SHRUNK,
  ZERO,
  shrunkFulls,
  sized,
  zeroFulls,
  zeroIncrementals,
} from "../../helpers/size-accounts.js";

interface AuditSummary {
  last_restorable?: { time: string; base_id?: string; base_type: string };
}

interface Plan {
  restorable: boolean;
  target_time?: string;
  chain: Array<{ role: string; id: string }>;
  suspect_base?: { message: string; unavoidable: boolean; bases: Record<string, unknown>[] };
}

async function plan(backups: Backup[], service: string, target_time = "latest") {
  const result = await callAgainstFake(
    fakeAccount({ backups }),
    "plan_restore",
    { service_id: service, target_time },
    { now: () => new Date(NOW) },
  );
  return { plan: structured<Plan>(result), text: textOf(result) };
}

describe("plan_restore passes over a suspect base", () => {
  it("chooses the previous full and its incrementals, and says why with the figures", async () => {
    const { plan: p } = await plan([...zeroFulls, ...zeroIncrementals], ZERO);
    expect(p.restorable).toBe(true);
    expect(p.chain.map((s) => s.id)).toEqual([
      zeroFulls.at(-2)?.id,
      ...zeroIncrementals.map((b) => b.id),
    ]);
    expect(p.target_time).toBe("2026-11-25T10:01:00Z");
    expect(p.suspect_base).toMatchObject({
      message: `passed over a suspect base: full of 2026-11-26 02:01 UTC (id=${zeroFulls.at(-1)?.id}) is 0 B against a median of 9.5 GB (7 before it); using the full of 2026-11-25 02:01 UTC instead`,
      unavoidable: false,
      bases: [{ backup_id: zeroFulls.at(-1)?.id, bytes: 0, median_bytes: 9.5 * GB, median_of: 7 }],
    });
  });

  it("names the same point the audit's rpo and list_services read", async () => {
    const backups = [...zeroFulls, ...zeroIncrementals];
    const options = { now: () => new Date(NOW) };
    const audited = await callAgainstFake(
      fakeAccount({ backups }),
      "audit_backups",
      { service_id: ZERO },
      options,
    );
    const summary = structured<{ services: AuditSummary[] }>(audited).services[0];
    const listed = await callAgainstFake(fakeAccount({ backups }), "list_services", {}, options);
    const listing = structured<{ services: AuditSummary[] }>(listed).services[0];
    const { plan: p } = await plan(backups, ZERO);
    expect(p.target_time).toBe("2026-11-25T10:01:00Z");
    expect(summary?.last_restorable).toMatchObject({
      time: p.target_time,
      base_id: zeroFulls.at(-2)?.id,
    });
    expect(listing?.last_restorable).toMatchObject({ time: p.target_time, base_type: "full" });
  });

  it("uses a healthy newest full without a note", async () => {
    const { plan: p } = await plan(shrunkFulls.slice(0, -1), SHRUNK);
    expect(p.chain.map((s) => s.id)).toEqual([shrunkFulls.at(-2)?.id]);
    expect(p.suspect_base).toBeUndefined();
  });

  it("warns when only a suspect base reaches the point", async () => {
    const lone = sized(backup({ service: ZERO, type: "full", at: DAY0 + 2 * HOUR }), 0);
    const { plan: p, text } = await plan([lone], ZERO);
    expect(p.chain.map((s) => s.id)).toEqual([lone.id]);
    expect(p.suspect_base).toMatchObject({
      message: `the only base that reaches this point is suspect: full of 2026-11-26 02:01 UTC (id=${lone.id}) is 0 B; check it holds the data before relying on it (list_service_backups)`,
      unavoidable: true,
      bases: [{ backup_id: lone.id, bytes: 0 }],
    });
    // Used for want of another, it is a warning, not a note: that label is the text's own.
    expect(text).toContain("Warning: the only base that reaches this point is suspect:");
  });
});
