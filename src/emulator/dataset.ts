import type { AccountNaming } from "./accounts.js";
import { floorDay } from "./format.js";
import { DAY_MS } from "../util/time.js";
import { createRng, mixSeed, type Rng } from "./prng.js";
import { applyRole, roleGroups, roleService, type Plan } from "./scenarios.js";
import { seedRestoreHistory } from "./restore-history.js";
import { seedSchedules } from "./seed-schedules.js";
import { EmulatorState } from "./state.js";
import { serviceTimeline } from "./timeline.js";
import type { Backup, CloudProvider, ServiceInfo } from "./types.js";
import type { EmulatorOptions } from "./options.js";

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
