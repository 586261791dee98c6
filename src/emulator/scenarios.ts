/** The situations a backup assistant must recognise; each generated dataset stages all of them. */
import { createHash } from "node:crypto";
import type { Profile } from "./factories.js";
import { floorHour, type Rng, type CloudProvider, type ServiceInfo } from "./primitives.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../util/time.js";

const SCENARIO_ROLES = [
  "healthy",
  "stopped",
  "failing",
  "stuck",
  "suspended",
  "unscheduled",
  "binlogGap",
  "incrementalOnly",
  "restoreTarget",
] as const;
export type ScenarioRole = (typeof SCENARIO_ROLES)[number];

/**
 * Service id per role. Fixed (not seed-derived) so tests and demos can name them; valid whenever
 * the dataset has 8 or more services. With 6 or 7, some roles share a service: read
 * `state.scenarios` instead.
 */
export const SCENARIOS: Readonly<Record<ScenarioRole, string>> = Object.freeze({
  healthy: "dbtgf28216706",
  stopped: "dbqkr31007245",
  failing: "dbmzv40517390",
  stuck: "dbhwl52093318",
  suspended: "dbpcx60738152",
  unscheduled: "dbnyd71284406",
  binlogGap: "dbfsj83915527",
  incrementalOnly: "dbbta94461073",
  restoreTarget: "dbgsr10358824",
});

interface RoleService {
  name: string;
  cloud: CloudProvider;
  method: ServiceInfo["method"];
  weeklyDump: boolean;
}

const ROLE_SERVICES: Readonly<Record<ScenarioRole, RoleService>> = {
  healthy: { name: "orders-prod", cloud: "gcp", method: "skybucket", weeklyDump: true },
  stopped: { name: "billing-prod", cloud: "aws", method: "mariabackup", weeklyDump: true },
  failing: { name: "inventory-prod", cloud: "gcp", method: "skybucket", weeklyDump: false },
  stuck: { name: "analytics-dw", cloud: "aws", method: "skybucket", weeklyDump: false },
  // Azure does only snapshots, so the service whose schedules are all suspended shows that type.
  suspended: { name: "crm-staging", cloud: "azure", method: "skybucket", weeklyDump: false },
  unscheduled: { name: "legacy-reports", cloud: "aws", method: "mariabackup", weeklyDump: false },
  binlogGap: { name: "payments-prod", cloud: "gcp", method: "skybucket", weeklyDump: true },
  incrementalOnly: { name: "catalog-prod", cloud: "gcp", method: "skybucket", weeklyDump: false },
  // A scratch service safe to restore into (the docs advise restoring into a new service); gcp like
  // orders-prod. It keeps healthy backups of its own so the audit does not flag it.
  restoreTarget: { name: "scratch-restore", cloud: "gcp", method: "skybucket", weeklyDump: false },
};

export function roleService(role: ScenarioRole): RoleService & { id: string } {
  return { id: SCENARIOS[role], ...ROLE_SERVICES[role] };
}

/**
 * Roles per generated service; below 9 services compatible roles share one. The scratch restore
 * target never shares (restoring into it erases its data): with 6 services it is left out.
 */
export function roleGroups(serviceCount: number): ScenarioRole[][] {
  if (serviceCount >= 9) return SCENARIO_ROLES.map((role) => [role]);
  const groups: ScenarioRole[][] = [
    ["healthy"],
    ["stopped"],
    ["failing"],
    ["incrementalOnly"],
    ["stuck", "binlogGap"],
    ["suspended"],
    ["unscheduled"],
  ];
  if (serviceCount >= 8) return [...groups, ["restoreTarget"]];
  const six: ScenarioRole[][] = [
    ["healthy"],
    ["stopped"],
    ["failing", "incrementalOnly"],
    ...groups.slice(4),
  ];
  return serviceCount >= 7 ? [...six, ["restoreTarget"]] : six;
}

/** Which default schedules a service keeps. */
type SchedulePolicy = "all" | "suspended" | "none" | "noFull";

export interface Plan {
  profile: Profile;
  schedules: SchedulePolicy;
  /** When the schedules were last changed (suspended, or cut to office hours). */
  changedAtMs?: number;
}

/**
 * How long before now catalog-prod's schedules were cut to office hours. Within the hour, so
 * whatever the day nothing restorable is old yet and only the coming weekend breaks the RPO: a
 * change that passes every rule about the past.
 */
const CUT_AGO_MS = 25 * MINUTE_MS;

/** Bends a healthy plan into the role, anchored to now so "4 days ago" stays 4 days ago. */
export function applyRole(role: ScenarioRole, plan: Plan, nowMs: number, rng: Rng): void {
  const p = plan.profile;
  switch (role) {
    case "healthy":
      p.failRate = 0;
      return;
    case "stopped":
      p.untilMs = nowMs - 4 * DAY_MS + rng.int(-180, 180) * MINUTE_MS;
      return;
    case "failing":
      p.failFromMs = nowMs - 6.5 * HOUR_MS;
      return;
    case "stuck":
      p.stuckAtMs = nowMs - 9 * HOUR_MS + rng.int(-1200, 1200) * 1000;
      // The same storage trouble: the full before the hung one said Succeeded and holds 0 bytes.
      p.emptyNewestFull = true;
      return;
    case "suspended":
      p.untilMs = nowMs - 2 * DAY_MS + rng.int(-120, 120) * MINUTE_MS;
      plan.schedules = "suspended";
      plan.changedAtMs = p.untilMs;
      return;
    case "unscheduled":
      p.untilMs = nowMs - 18 * DAY_MS;
      plan.schedules = "none";
      return;
    case "binlogGap": {
      const fromMs = floorHour(nowMs - 50 * HOUR_MS);
      p.binlogGap = { fromMs, toMs: fromMs + 6 * HOUR_MS };
      p.binlogFromMs = Math.min(p.binlogFromMs, fromMs - 12 * HOUR_MS);
      return;
    }
    case "incrementalOnly":
      p.fullsUntilMs = nowMs - 8.5 * DAY_MS;
      plan.schedules = "noFull";
      // Trimmed again just now, to weekday office hours: the weekend will break the RPO.
      p.officeHoursFromMs = nowMs - CUT_AGO_MS;
      plan.changedAtMs = p.officeHoursFromMs;
      return;
    case "restoreTarget":
      p.failRate = 0;
      return;
  }
}

/**
 * Per-key accounts (perKeyAccounts): each key's generated account has its own
 * seed, service ids and service names, all derived from the key, so a test
 * can tell one user's data from another's by any of them. The configured
 * key's account keeps the fixed SCENARIOS ids and plain names.
 */
export interface AccountNaming {
  /** The service id of each role in this account. */
  ids: Readonly<Record<ScenarioRole, string>>;
  /** Appended to every service name: "orders-prod-k3xq". */
  suffix: string;
}

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** The dataset seed of a key's account. */
export function accountSeed(key: string): number {
  return digest(key).readUInt32BE(0) & 0x7fffffff;
}

const letters = (bytes: Buffer, count: number): string =>
  Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (bytes[i]! % 26))).join("");

/** "db" + 3 letters + 8 digits, like every other service id, from the key and the role. */
function roleId(key: string, role: ScenarioRole): string {
  const bytes = digest(`${key}\u0000${role}`);
  return `db${letters(bytes, 3)}${String(bytes.readUInt32BE(4) % 100_000_000).padStart(8, "0")}`;
}

export function accountNaming(key: string): AccountNaming {
  const roles = Object.keys(SCENARIOS) as ScenarioRole[];
  const ids = Object.fromEntries(roles.map((role) => [role, roleId(key, role)])) as Record<
    ScenarioRole,
    string
  >;
  return { ids, suffix: letters(digest(`${key}\u0000name`), 4) };
}

/** The service id of each role in the account `key` opens (a role sharing a service aside). */
export function accountScenarios(key: string): Readonly<Record<ScenarioRole, string>> {
  return accountNaming(key).ids;
}
