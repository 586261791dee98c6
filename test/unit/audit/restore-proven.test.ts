/**
 * restore_proven on the pure auditor: each case is a healthy account whose
 * restore history is built to pass, to fail in one way, or to be unreadable.
 */
import { describe, expect, it } from "vitest";
import { readRestore, type Restore } from "../../../src/api/records.js";
import { createAuditor } from "../../../src/audit/auditor.js";
import { sourceOf } from "../../../src/audit/findings.js";
import type { AuditReport } from "../../../src/audit/types.js";
import { DAY, HEALTHY, NOW, apiRecords } from "../../helpers/audit-accounts.js";
import { rfc } from "../../helpers/backups.js";

const SCRATCH = "dbscr00000009";
const SOURCE = HEALTHY.id;
const key = (service: string): string => `${"c".repeat(32)}:${service}:${service}-mdb-ms-0`;

let nextId = 1;
function restore(daysAgo: number, status: string, over: Partial<Restore> = {}): Restore {
  return {
    id: nextId++,
    service_id: SCRATCH,
    backup_id: key(SOURCE),
    status,
    created_at: rfc(NOW - daysAgo * DAY),
    ...over,
  };
}

interface History {
  /** Restores listed per target service. */
  listed?: Record<string, Restore[]>;
  unread?: Record<string, string>;
  required?: number;
}

function audit(history: History): AuditReport {
  const auditor = createAuditor({
    now: new Date(NOW),
    maxAgeHours: 26,
    lookbackDays: 7,
    maxFullAgeDays: 7,
    ...(history.required !== undefined && {
      restoreDrillDays: history.required,
      requireRestoreDrill: true,
    }),
  });
  const { backups, schedules } = apiRecords(HEALTHY);
  auditor.add(backups);
  auditor.addSchedules(SOURCE, schedules);
  for (const [target, list] of Object.entries(history.listed ?? {})) {
    auditor.addRestores(target, list);
  }
  for (const [target, reason] of Object.entries(history.unread ?? {})) {
    auditor.restoresUnread(target, reason);
  }
  return auditor.finish();
}

const control = (r: AuditReport): string | undefined => r.services[0]?.controls.restore_proven;
const drills = (r: AuditReport) => r.findings.filter((f) => f.kind === "restore_unproven");

describe("restore_proven", () => {
  it("a drill 10 days ago passes quietly", () => {
    const r = audit({ listed: { [SCRATCH]: [restore(10, "Succeeded")] } });
    expect(control(r)).toBe("pass");
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe("ok");
    expect(r.notes).toBeUndefined();
  });

  it("an old drill is an info line that keeps the verdict ok", () => {
    const r = audit({ listed: { [SCRATCH]: [restore(45, "Succeeded")] } });
    expect(control(r)).toBe("fail");
    expect(drills(r)).toEqual([
      {
        service_id: SOURCE,
        severity: "info",
        kind: "restore_unproven",
        message: `Last successful restore from its backups was 45 days ago (2026-10-12 12:00 UTC into ${SCRATCH}), over 30 days; drill one into a scratch service (plan_restore target_service_id).`,
        count: 1,
        since: "2026-10-12T12:00:00Z",
      },
    ]);
    expect(r.verdict).toBe("ok");
    expect(r.restore_drill_required).toBe(false);
  });

  it("with require_restore_drill_days, an old drill is a warning; a recent enough one passes", () => {
    const old = audit({ listed: { [SCRATCH]: [restore(45, "Succeeded")] }, required: 40 });
    expect(drills(old)[0]?.severity).toBe("warning");
    expect(old.verdict).toBe("warning");
    expect(drills(old)[0]?.message).toContain("over 40 days");
    const fine = audit({ listed: { [SCRATCH]: [restore(45, "Succeeded")] }, required: 50 });
    expect(control(fine)).toBe("pass");
    expect(fine.verdict).toBe("ok");
  });

  it("no restore on record is one info line with count 0", () => {
    const r = audit({ listed: { [SOURCE]: [], [SCRATCH]: [] } });
    expect(control(r)).toBe("fail");
    expect(drills(r)).toMatchObject([{ severity: "info", count: 0 }]);
    expect(drills(r)[0]?.message).toMatch(/^No restore from its backups on record/);
  });

  it("a failed drill proves nothing, even a recent one; a running one neither", () => {
    const r = audit({
      listed: { [SCRATCH]: [restore(3, "Failed"), restore(0.01, "Running")] },
    });
    expect(control(r)).toBe("fail");
    expect(drills(r)[0]?.message).toMatch(
      new RegExp(
        `^No restore from its backups ever succeeded; the latest, 2026-11-23 12:00 UTC into ${SCRATCH}, failed`,
      ),
    );
    expect(drills(r)[0]?.count).toBe(2);
  });

  it("an old success followed by a failure says both", () => {
    const r = audit({ listed: { [SCRATCH]: [restore(60, "Succeeded"), restore(5, "Failed")] } });
    expect(drills(r)[0]?.message).toMatch(/was 60 days ago .*; the latest, 2026-11-21 .* failed/);
  });

  it("credits restores listed under a scratch target to their source: a backup key or a PITR id", () => {
    const pitr = audit({ listed: { [SCRATCH]: [restore(5, "Succeeded", { backup_id: SOURCE })] } });
    expect(control(pitr)).toBe("pass");
    // A drill of another service into the same scratch target proves nothing for this one.
    const other = audit({
      listed: { [SCRATCH]: [restore(5, "Succeeded", { backup_id: key("dbother000001") })] },
    });
    expect(control(other)).toBe("fail");
  });

  it("the docs' shape (the backup named `key`, no service_id) is credited the same way", () => {
    const docs = readRestore({
      id: 77,
      key: key(SOURCE),
      status: "Succeeded",
      created_at: rfc(NOW - 2 * DAY),
    });
    expect(control(audit({ listed: { [SCRATCH]: [docs] } }))).toBe("pass");
  });

  it("a restore listed under two targets (a filter the API ignored) counts once", () => {
    const once = restore(40, "Succeeded");
    const r = audit({ listed: { [SCRATCH]: [once], [SOURCE]: [once] } });
    expect(drills(r)[0]?.count).toBe(1);
  });

  it("ignores junk backup_ids and undated restores, and says how many", () => {
    const junk = [
      restore(1, "Succeeded", { backup_id: "backup.xb.gz" }),
      restore(1, "Succeeded", { backup_id: "a:b" }),
      restore(1, "Succeeded", { backup_id: "" }),
      restore(1, "Succeeded", { created_at: "yesterday" }),
    ];
    const r = audit({ listed: { [SCRATCH]: junk } });
    expect(control(r)).toBe("fail");
    expect(r.notes).toEqual([
      "4 restores ignored: backup_id is neither a backup key nor a service id (e.g. an external bucket), or undated",
    ]);
  });

  it("an unreadable history makes it unknown, with a note, and no finding", () => {
    const r = audit({ unread: { [SCRATCH]: "GET /skybackup/v1/restores -> 404" } });
    expect(control(r)).toBe("unknown");
    expect(drills(r)).toEqual([]);
    expect(r.notes?.[0]).toMatch(
      /^restore history unreadable for 1 of 1 services \(GET \/skybackup\/v1\/restores -> 404\)/,
    );
    expect(r.verdict).toBe("ok");
  });

  it("a recent drill found on a readable target passes even when another target was unreadable", () => {
    const r = audit({
      listed: { [SCRATCH]: [restore(3, "Succeeded")] },
      unread: { [SOURCE]: "GET /skybackup/v1/restores -> 500" },
    });
    expect(control(r)).toBe("pass");
  });

  it("is unknown when no restore history was read at all", () => {
    expect(control(audit({}))).toBe("unknown");
  });
});

describe("sourceOf", () => {
  it.each([
    [key("dbtgf28216706"), "dbtgf28216706"],
    // The vendor's own example key (RESTORES-NOTES), verbatim.
    ["eda3b72460c8c0d9d61a7f01b6a22e32:dbtgf28216706:tx-filip-mdb-ms-0", "dbtgf28216706"],
    ["dbtgf28216706", "dbtgf28216706"],
    ["0a1b2c3d:dbtgf28216706:pod", "dbtgf28216706"],
    ["nothex!!:dbtgf28216706:pod", undefined],
    ["a:b", undefined],
    ["gs://bucket/file.xb", undefined],
    ["", undefined],
  ])("%j -> %j", (id, expected) => {
    expect(sourceOf(id)).toBe(expected);
  });
});
