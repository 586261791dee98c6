import type { BackupType } from "../api/records.js";
import { serviceTimeline, OFFICE_HOURS } from "./factories.js";
import type { EmulatorOptions } from "./emulator.js";
import {
  floorDay,
  createRng,
  mixSeed,
  rfc3339,
  type Rng,
  type Backup,
  type CloudProvider,
  type ServiceInfo,
} from "./primitives.js";
import {
  applyRole,
  roleGroups,
  roleService,
  type AccountNaming,
  type Plan,
  type ScenarioRole,
} from "./scenarios.js";
import { EmulatorState, type RestoreRun } from "./state.js";
import { managedBucket } from "./validation.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../util/time.js";

const DEFAULT_BACKUPS = 1500;
const MIN_SERVICES = 6;
/** Backups a gcp/aws service makes per day: 1 full + 4 incrementals, and 24 binlog backups. */
const OTHER_PER_DAY = 5;
const BINLOG_PER_DAY = 24;
const MIN_HISTORY_DAYS = 30;
/** Binary logs expire after a few days, so hourly binlog backups only reach back this far. */
const MIN_BINLOG_DAYS = 2.5;
/**
 * Budgets are padded because slots still running at now, and incrementals before the first full,
 * are skipped; without it a request for 100,000 would come out a little short.
 */
const SLACK = 1.04;
/** The scratch restore target: little data of its own, a disk any demo backup fits on (2 TB). */
const SCRATCH_SIZE = { dataBytes: 20_000_000_000, diskBytes: 2_000_000_000_000 };
/** Backups an azure service makes per day: a snapshot every 4 hours. */
const SNAPSHOTS_PER_DAY = 6;

interface Window {
  historyDays: number;
  binlogDays: number;
}

/** Stretches history (and binlog retention) so a service yields about `budget` backups. */
function planWindow(budget: number, cloud: CloudProvider): Window {
  if (cloud === "azure") {
    return { historyDays: Math.max(MIN_HISTORY_DAYS, budget / SNAPSHOTS_PER_DAY), binlogDays: 0 };
  }
  const natural = MIN_HISTORY_DAYS * OTHER_PER_DAY + MIN_BINLOG_DAYS * BINLOG_PER_DAY;
  if (budget <= natural) return { historyDays: MIN_HISTORY_DAYS, binlogDays: MIN_BINLOG_DAYS };
  const withBinlogs = (budget - MIN_HISTORY_DAYS * OTHER_PER_DAY) / BINLOG_PER_DAY;
  if (withBinlogs <= MIN_HISTORY_DAYS)
    return { historyDays: MIN_HISTORY_DAYS, binlogDays: withBinlogs };
  const days = budget / (OTHER_PER_DAY + BINLOG_PER_DAY);
  return { historyDays: days, binlogDays: days };
}

function basePlan(nowMs: number, w: Window, weeklyDump: boolean): Plan {
  return {
    schedules: "all",
    profile: {
      // Start at midnight so the first full lands at 02:00 and every incremental has a base.
      fromMs: floorDay(nowMs - w.historyDays * DAY_MS),
      untilMs: nowMs,
      binlogFromMs: nowMs - w.binlogDays * DAY_MS,
      fullsUntilMs: Infinity,
      failFromMs: Infinity,
      failRate: 0.025,
      weeklyDump,
    },
  };
}

function makeService(
  rng: Rng,
  id: string,
  name: string,
  cloudProvider: CloudProvider,
  method: ServiceInfo["method"],
): ServiceInfo {
  return {
    id,
    name,
    cloudProvider,
    serverPod: `${id}-mdb-ms-0`,
    dataBytes: Math.round(Math.exp(rng.between(Math.log(2e9), Math.log(3e11)))),
    growthPerDay: rng.between(0.001, 0.006),
    method,
  };
}

/** Names for extra services; none clashes with a role service's name. */
const PREFIXES = ["users", "events", "ledger", "search", "shipping", "quotes", "media", "sessions"];
const SUFFIXES = ["prod", "eu-prod", "us-prod", "staging", "replica", "dw"];

function extraName(i: number): string {
  const name = `${PREFIXES[i % PREFIXES.length]}-${SUFFIXES[Math.floor(i / PREFIXES.length) % SUFFIXES.length]}`;
  const round = Math.floor(i / (PREFIXES.length * SUFFIXES.length));
  return round === 0 ? name : `${name}-${round + 1}`;
}

function extraId(rng: Rng, taken: ReadonlySet<string>): string {
  for (;;) {
    const letters = Array.from({ length: 3 }, () => String.fromCharCode(97 + rng.int(0, 25)));
    const id = `db${letters.join("")}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Pure: the same seed and clock reading always give the same services, backups and schedules.
 * With `account` (a per-key account), service ids and names are that account's own.
 */
export function generateDataset(
  options: EmulatorOptions = {},
  account?: AccountNaming,
): EmulatorState {
  const named = (name: string): string =>
    account === undefined ? name : `${name}-${account.suffix}`;
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? 42;
  const state = new EmulatorState({ now, seed, restoreSpeedup: options.restoreSpeedup });
  if (options.emptyData === true) return state;

  const nowMs = now().getTime();
  const count = Math.max(MIN_SERVICES, Math.floor(options.services ?? 9));
  const target = Math.max(0, options.backups ?? DEFAULT_BACKUPS);
  const all: Backup[] = [];
  const scheduleIds = { next: 101 };
  const groups = roleGroups(count);

  groups.forEach((roles, i) => {
    const rng = createRng(mixSeed(seed, i));
    const role = roles[0] ?? "healthy";
    const meta = roleService(role);
    const id = account === undefined ? meta.id : account.ids[role];
    const svc = makeService(rng, id, named(meta.name), meta.cloud, meta.method);
    if (roles.includes("restoreTarget")) Object.assign(svc, SCRATCH_SIZE);
    state.addService(svc.id, svc);
    const plan = basePlan(nowMs, planWindow((target / count) * SLACK, meta.cloud), meta.weeklyDump);
    for (const role of roles) {
      applyRole(role, plan, nowMs, rng);
      state.scenarios[role] = svc.id;
    }
    for (const b of serviceTimeline(svc, plan.profile, nowMs, rng)) all.push(b);
    seedSchedules(state, svc, plan, rng, scheduleIds);
  });

  const extras = count - groups.length;
  // Extras absorb whatever the role services fell short of.
  const perExtra = (Math.max(0, target - all.length) / Math.max(1, extras)) * SLACK;
  const idRng = createRng(mixSeed(seed, 1_000_003));
  const taken = new Set(state.services);
  for (let i = 0; i < extras; i += 1) {
    const rng = createRng(mixSeed(seed, groups.length + i));
    const id = extraId(idRng, taken);
    taken.add(id);
    const cloud = rng.next() < 0.5 ? "gcp" : "aws";
    const svc = makeService(
      rng,
      id,
      named(extraName(i)),
      cloud,
      rng.next() < 0.75 ? "skybucket" : "mariabackup",
    );
    state.addService(id, svc);
    const plan = basePlan(nowMs, planWindow(perExtra, cloud), rng.next() < 0.4);
    for (const b of serviceTimeline(svc, plan.profile, nowMs, rng)) all.push(b);
    seedSchedules(state, svc, plan, rng, scheduleIds);
  }
  state.loadBackups(all);
  seedRestoreHistory(state, nowMs, createRng(mixSeed(seed, 2_000_003)));
  return state;
}

/** The schedules a service gets by default; they match the cadence in factories.ts (slotTypes). */
function defaultSchedules(svc: ServiceInfo, weeklyDump: boolean): [BackupType, string][] {
  if (svc.cloudProvider === "azure") return [["snapshot", "0 */4 * * *"]];
  const list: [BackupType, string][] = [
    ["full", "0 2 * * *"],
    ["incremental", "0 */6 * * *"],
    ["binarylog", "0 * * * *"],
  ];
  if (weeklyDump) list.push(["dump", "0 3 * * 0"]);
  return list;
}

/**
 * The schedules cut to office hours: every-day crons run Monday to Friday, binlogs within
 * OFFICE_HOURS; one that runs on a set weekday (the Sunday dump) is dropped.
 */
function officeHours(list: [BackupType, string][]): [BackupType, string][] {
  const { from, to } = OFFICE_HOURS;
  return list
    .filter(([, cron]) => cron.endsWith(" *"))
    .map(([type, cron]) => [
      type,
      type === "binarylog" ? `0 ${from}-${to} * * 1-5` : `${cron.slice(0, -1)}1-5`,
    ]);
}

/** Adds the plan's schedules with consecutive ids (counter shared across services). */
function seedSchedules(
  state: EmulatorState,
  svc: ServiceInfo,
  plan: Plan,
  rng: Rng,
  ids: { next: number },
): void {
  if (plan.schedules === "none") return;
  const createdMs = plan.profile.fromMs - rng.int(1, 120) * DAY_MS;
  const defaults = defaultSchedules(svc, plan.profile.weeklyDump);
  const cut = plan.profile.officeHoursFromMs !== undefined;
  for (const [type, schedule] of cut ? officeHours(defaults) : defaults) {
    if (plan.schedules === "noFull" && type === "full") continue;
    const suspended = plan.schedules === "suspended";
    state.addSchedule(
      {
        svc,
        type,
        schedule,
        createdMs,
        suspended,
        updatedMs: plan.changedAtMs,
      },
      ids.next,
    );
    ids.next += 1;
  }
}

/**
 * Past restores for the demo: monthly drills of orders-prod into the scratch
 * service (the last 26 days ago), an older point-in-time drill of
 * payments-prod (75 days ago, so "not tested in the last 30 days"), one
 * failed drill of inventory-prod, and 3 days ago a restore of orders-prod's
 * newest full INTO inventory-prod: a production service whose data was
 * replaced by another service's, which the audit reports (restored_over).
 * The drills read backups past the 7-day retention, so their keys are made
 * up; the recent restore reads a backup that is still listed. They took as
 * long as restores take at the emulator's restore speed.
 */
/** Backups older than this have expired (the API keeps 7 days). */
const RETENTION_DAYS = 7;

interface PastRestore {
  daysAgo: number;
  source: ScenarioRole;
  /** The service restored into; the scratch service when not said. */
  target?: ScenarioRole;
  pitr?: boolean;
  failure?: string;
}

const RESTORES: readonly PastRestore[] = [
  { daysAgo: 88, source: "healthy" },
  { daysAgo: 75, source: "binlogGap", pitr: true },
  { daysAgo: 58, source: "healthy" },
  {
    daysAgo: 44,
    source: "failing",
    failure:
      "Restore has failed: mariabackup --prepare could not apply the redo log (the backup is damaged); restore an older backup",
  },
  { daysAgo: 26, source: "healthy" },
  { daysAgo: 3, source: "healthy", target: "failing" },
];

function seedRestoreHistory(state: EmulatorState, nowMs: number, rng: Rng): void {
  const serviceOf = (role: ScenarioRole): ServiceInfo | undefined => {
    const id = state.scenarios[role];
    return id === undefined ? undefined : state.service(id);
  };
  for (const past of RESTORES) {
    const target = serviceOf(past.target ?? "restoreTarget");
    const source = serviceOf(past.source);
    if (target === undefined || source?.cloudProvider !== target.cloudProvider) continue;
    const createdMs =
      floorDay(nowMs - past.daysAgo * DAY_MS) + 10 * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
    const outcome: RestoreRun["outcome"] =
      past.failure === undefined
        ? { status: "Succeeded" }
        : { status: "Failed", message: past.failure };
    state.restores.add({
      serviceId: target.id,
      serviceName: target.name,
      backupId: past.pitr === true ? source.id : backupKey(state, source, createdMs, past, rng),
      bucket: managedBucket(source),
      type: "physical",
      createdMs,
      endsMs: createdMs + pastRunMs(rng.int(12, 45) * MINUTE_MS, state.restoreSpeedup),
      outcome,
    });
  }
}

/**
 * The past ran at the emulator's restore speed, as a restore started now does
 * (whole seconds, at least one): get_restore compares a running restore with
 * this history's median, and a 15-second demo restore set against a 23-minute
 * median made at real speed would read as a fast restore when it is not.
 */
function pastRunMs(simulatedMs: number, speedup: number): number {
  return speedup === 1
    ? simulatedMs
    : Math.max(1000, Math.round(simulatedMs / speedup / 1000) * 1000);
}

/** Within retention, the source's newest successful full before the restore; else an expired one's key. */
function backupKey(
  state: EmulatorState,
  source: ServiceInfo,
  createdMs: number,
  past: PastRestore,
  rng: Rng,
): string {
  if (past.daysAgo <= RETENTION_DAYS) {
    const before = rfc3339(createdMs);
    // Backups are sorted by start: read from the end, the first match is a day or so before it.
    const full = state.backups.findLast(
      (b) =>
        b.start_time < before &&
        b.service_id === source.id &&
        b.type === "full" &&
        b.status === "Succeeded",
    );
    if (full !== undefined) return full.id;
  }
  return `${rng.hex(32)}:${source.id}:${source.serverPod}`;
}
