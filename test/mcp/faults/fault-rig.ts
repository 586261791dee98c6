/**
 * The fault suite's wiring: a real MCP Client -> the real server -> real HTTP -> the emulator,
 * with small timeouts so every failure shows up in well under a second. The API client is built
 * through the shared harness's connectClient, with maxResponseBytes and the retry pace set.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Dispatcher } from "undici";
import {
  startEmulator,
  type RecordedRequest,
  type RunningEmulator,
} from "../../helpers/emulator.js";
import type { ToolDefinition } from "../../../src/tools/define.js";
import { connectClient, textOf } from "../../helpers/harness.js";

const KEY = "fault-test-key-0a1b2c3d4e5f";
const SERVICE_ID = "dbflt12345678";
/** Per attempt (connect, headers, body). */
export const TIMEOUT_MS = 300;
/** Per tool call, retries included. */
export const DEADLINE_MS = 3_000;
/** Scheduling slack on a loaded 2-core machine. */
export const MARGIN_MS = 1_000;
export const MAX_RETRIES = 3;
/** Small enough that a huge body is cut off after about a megabyte. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface Timed {
  result: CallToolResult;
  text: string;
  ms: number;
}

export interface Rig {
  emulator: RunningEmulator;
  /** A service the emulator knows, with room for any backup type. */
  serviceId: string;
  call(name: string, args: Record<string, unknown>): Promise<Timed>;
  /** Requests the emulator saw from index `from` on. */
  since(from: number): RecordedRequest[];
  /** A new repeating schedule, so update/delete always have a fresh target. */
  freshSchedule(): number;
  /** A cron no other call in this rig used, so duplicate checks never refuse a create. */
  uniqueCron(): string;
  close(): Promise<void>;
}

export interface RigOptions {
  /** Point the server elsewhere (a closed port). */
  apiUrl?: string;
  deadlineMs?: number;
  timeoutMs?: number;
  /** null: the client's own default (32 MiB). */
  maxResponseBytes?: number | null;
  dispatcher?: Dispatcher;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  // A small hand-made dataset: generating the full one blocks the event loop for up to 100 ms,
  // and with several rigs starting at once that is enough to turn a reset into a timeout.
  const emulator = await startEmulator({ apiKey: KEY, emptyData: true });
  const serviceId = SERVICE_ID;
  emulator.state.addService(serviceId, { name: "orders-fault-test" });
  for (const type of ["full", "incremental", "binarylog"] as const)
    emulator.state.addBackup({ service_id: serviceId, type });
  const { client, close } = await connectClient(options.apiUrl ?? emulator.url, KEY, {
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    maxResponseBytes:
      options.maxResponseBytes === null
        ? undefined
        : (options.maxResponseBytes ?? MAX_RESPONSE_BYTES),
    dispatcher: options.dispatcher,
    confirm: "never",
    deadlineMs: options.deadlineMs ?? DEADLINE_MS,
  });

  const state = emulator.state;
  let crons = 0;
  const uniqueCron = () => {
    crons += 1;
    return `${crons % 60} ${Math.floor(crons / 60) % 24} * * *`;
  };
  return {
    emulator,
    serviceId,
    async call(name, args) {
      const started = performance.now();
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      return { result, text: textOf(result), ms: performance.now() - started };
    },
    since: (from) => emulator.requests.slice(from),
    freshSchedule() {
      const svc = state.service(serviceId);
      if (svc === undefined) throw new Error(`emulator lost service ${serviceId}`);
      const draft = { svc, type: "full" as const, schedule: uniqueCron() };
      return state.addSchedule({ ...draft, createdMs: state.now().getTime() }).id;
    },
    uniqueCron,
    async close() {
      await close();
      await emulator.close();
    },
  };
}

type ArgsFor = (rig: Rig) => Record<string, unknown>;

/** Valid arguments per tool; update/delete get a schedule made just for the call. */
const KNOWN_ARGS: Readonly<Record<string, ArgsFor>> = {
  list_backups: () => ({ page_size: 5 }),
  list_service_backups: (r) => ({ service_id: r.serviceId }),
  list_backup_schedules: (r) => ({ service_id: r.serviceId }),
  get_backup_schedule: (r) => ({ id: r.freshSchedule() }),
  create_backup_schedule: (r) => ({
    service_id: r.serviceId,
    backup_type: "full",
    schedule: r.uniqueCron(),
  }),
  update_backup_schedule: (r) => ({ id: r.freshSchedule(), suspended: true }),
  delete_backup_schedule: (r) => ({ id: r.freshSchedule() }),
  // A fresh schedule first, so every pass has an active schedule to suspend.
  suspend_service_schedules: (r) => {
    r.freshSchedule();
    return { service_id: r.serviceId, suspended: true };
  },
  list_services: () => ({}),
  audit_backups: (r) => ({ service_id: r.serviceId }),
  plan_restore: (r) => ({ service_id: r.serviceId, target_time: "latest" }),
  list_restores: (r) => {
    runningRestore(r);
    return { service_id: r.serviceId };
  },
  get_restore: (r) => ({ id: runningRestore(r) }),
  cancel_restore: (r) => ({ id: runningRestore(r) }),
  // Confirmation is off here, yet create_restore still previews: its write is the lookup POST.
  // restore-writes.test.ts faults the confirmed POST /restores itself.
  create_restore: (r) => ({
    source_service_id: r.serviceId,
    backup_id: restoreSourceBackup(r),
    target_service_id: restoreTarget(r),
  }),
};

/** A restore into the rig's service that runs for an hour from now, so get and cancel have one. */
function runningRestore(r: Rig): number {
  const createdMs = r.emulator.state.now().getTime();
  return r.emulator.state.restores.add({
    serviceId: r.serviceId,
    serviceName: "orders-fault-test",
    backupId: `${"ab".repeat(16)}:${r.serviceId}:pod-0`,
    bucket: "gs://fault-test-bucket",
    type: "physical",
    createdMs,
    endsMs: createdMs + 3_600_000,
    outcome: { status: "Succeeded" },
  }).id;
}

const RESTORE_TARGET = "dbflr87654321";

/** A second service on the same cloud with one backup, so it is known and eligible. */
export function restoreTarget(rig: Rig): string {
  const state = rig.emulator.state;
  if (state.service(RESTORE_TARGET) === undefined) {
    state.addService(RESTORE_TARGET, { name: "scratch-fault-test" });
    state.addBackup({ service_id: RESTORE_TARGET, type: "full" });
  }
  return RESTORE_TARGET;
}

function restoreSourceBackup(rig: Rig): string {
  const full = rig.emulator.state.backups.find(
    (b) => b.service_id === rig.serviceId && b.type === "full",
  );
  if (full === undefined) throw new Error("the fault rig's service lost its full backup");
  return full.id;
}

/** Guessed arguments for a tool added after this suite: the fields every tool here shares. */
const GUESSES: Readonly<Record<string, (rig: Rig) => unknown>> = {
  service_id: (r) => r.serviceId,
  id: (r) => r.freshSchedule(),
  schedule_id: (r) => r.freshSchedule(),
};

export function argsFor(tool: ToolDefinition): { known: boolean; make: ArgsFor } {
  const known = KNOWN_ARGS[tool.name];
  if (known) return { known: true, make: known };
  return {
    known: false,
    make: (rig) => {
      const args: Record<string, unknown> = {};
      for (const field of Object.keys(tool.input.shape)) {
        const guess = GUESSES[field];
        if (guess) args[field] = guess(rig);
      }
      return args;
    },
  };
}

export { closedPort } from "../../helpers/net.js";

/** Writes by method and path that were sent more than once. */
export function repeatedWrites(requests: readonly RecordedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    if (r.method === "GET") continue;
    const key = `${r.method} ${r.path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}

/** How often exactly this request (method, path and query) was sent. */
export function countOf(requests: readonly RecordedRequest[], like: RecordedRequest): number {
  return requests.filter(
    (r) => r.method === like.method && r.path === like.path && r.query === like.query,
  ).length;
}
