import { BACKUP_TYPES, type BackupType } from "../api/records.js";
import { isRecord } from "../util/untrusted-text.js";
import { pitrWindow } from "./factories.js";
import type { EmulatorOptions } from "./emulator.js";
import {
  HttpError,
  badRequest,
  notFound,
  quote,
  filterParam,
  pageOf,
  pagesCount,
  parsePaging,
  rfc3339,
  pointInTime,
  type Reply,
  type BackupSchedule,
  type Paging,
  type Backup,
  type ServiceInfo,
} from "./primitives.js";
import { docsRecordAt, recordAt, statusAt, type EmulatorState, type RestoreRun } from "./state.js";
import { parseCreate, parsePatch, planRestore, parseRestore } from "./validation.js";

/** What a route handler gets: the state, the parsed request, and the emulator's options. */
interface RequestContext {
  state: EmulatorState;
  /** The `{service_id}` or `{id}` path segment, percent-decoded. */
  param: string;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when empty. Throws a 400 on bad JSON or UTF-8. */
  json(): unknown;
  shape: NonNullable<EmulatorOptions["serviceBackupsShape"]>;
  restoreShape: NonNullable<EmulatorOptions["restoreShape"]>;
}

type Handler = (ctx: RequestContext) => Reply;

/** Resolves the `{id}` path segment to a stored schedule or the 400/404 the API would send. */
function findSchedule(ctx: RequestContext): BackupSchedule {
  const raw = ctx.param;
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(id >= 1)) throw badRequest(`schedule id must be an integer >= 1 (got ${quote(raw)})`);
  const schedule = ctx.state.schedules.get(id);
  if (schedule === undefined) throw notFound(`backup schedule ${id} not found`);
  return schedule;
}

function paged(matches: readonly Backup[], paging: Paging): Record<string, unknown> {
  return {
    backups: pageOf(matches, paging),
    backups_count: matches.length,
    pages_count: pagesCount(matches.length, paging.pageSize),
  };
}

/** GET /skybackup/v1/backups: every backup, newest first by default, filterable. */
const listBackups: Handler = (ctx) => {
  const paging = parsePaging(ctx.query);
  const serviceId = filterParam(ctx.query, "service_id");
  const status = filterParam(ctx.query, "status")?.toLowerCase();
  const all = ctx.state.backups;
  const matches =
    serviceId === undefined && status === undefined
      ? all
      : all.filter(
          (b) =>
            (serviceId === undefined || b.service_id === serviceId) &&
            (status === undefined || b.status.toLowerCase() === status),
        );
  return { status: 200, body: paged(matches, paging) };
};

/**
 * GET /skybackup/v1/backups/{service_id}. The document says it returns one backup while its
 * summary says "all backups per service", so the emulator can answer in any of three shapes.
 */
const serviceBackups: Handler = (ctx) => {
  const serviceId = ctx.param;
  if (serviceId.length < 5) {
    throw badRequest(`service_id must be at least 5 characters (got ${quote(serviceId)})`);
  }
  const paging = parsePaging(ctx.query);
  if (ctx.state.service(serviceId) === undefined) {
    throw notFound(`service ${serviceId} not found`);
  }
  const matches = ctx.state.backups.filter((b) => b.service_id === serviceId);
  switch (ctx.shape) {
    case "paged":
      return { status: 200, body: paged(matches, paging) };
    case "array":
      return { status: 200, body: paging.order === "asc" ? matches : matches.toReversed() };
    case "object": {
      const newest = matches.at(-1);
      if (newest === undefined) throw notFound(`service ${serviceId} has no backups yet`);
      return { status: 200, body: newest };
    }
  }
};

const isType = (v: string): v is BackupType => (BACKUP_TYPES as readonly string[]).includes(v);

/** GET /skybackup/v1/backups/schedules?service_id=…: a service's schedules, paged. */
const listSchedules: Handler = (ctx) => {
  const serviceId = ctx.query.get("service_id");
  if (serviceId === null || serviceId.length < 3) {
    throw badRequest(
      serviceId === null
        ? "service_id query parameter is required, e.g. ?service_id=dbtgf28216706"
        : `service_id must be at least 3 characters (got ${quote(serviceId)})`,
    );
  }
  const type = filterParam(ctx.query, "type");
  if (type !== undefined && !isType(type)) {
    throw badRequest(`type must be one of ${BACKUP_TYPES.join(", ")} (got ${quote(type)})`);
  }
  const paging = parsePaging(ctx.query);
  // Ids only grow, so insertion order is creation order.
  const matches = [...ctx.state.schedules.values()].filter(
    (s) => s.service_id === serviceId && (type === undefined || s.type === type),
  );
  return {
    status: 200,
    body: {
      schedules: pageOf(matches, paging),
      schedules_count: matches.length,
      pages_count: pagesCount(matches.length, paging.pageSize),
    },
  };
};

/** GET /skybackup/v1/backups/schedules/{id}. */
const getSchedule: Handler = (ctx) => ({ status: 200, body: findSchedule(ctx) });

/** Azure services can only take volume snapshots, as in the generated data. */
function checkTypeFits(svc: ServiceInfo, type: BackupType): void {
  if (svc.cloudProvider === "azure" && type !== "snapshot") {
    throw badRequest(
      `service ${svc.id} runs on azure, which supports only snapshot backups (got backup_type "${type}")`,
    );
  }
}

/** A service is stopped while a restore runs on it, so a `once` backup could not start. */
function checkNotRestoring(ctx: RequestContext, svc: ServiceInfo): void {
  const running = ctx.state.restores.runningOn(svc.id, ctx.state.now().getTime());
  if (running === undefined) return;
  throw badRequest(
    `service ${svc.id} is stopped while restore ${running.id} runs on it; take the backup once the restore has finished`,
  );
}

/** POST /skybackup/v1/backups/schedules; a `once` schedule starts its backup right away. */
const createSchedule: Handler = (ctx) => {
  const input = parseCreate(ctx.json());
  const svc = ctx.state.service(input.serviceId);
  if (svc === undefined) throw notFound(`service ${input.serviceId} not found`);
  checkTypeFits(svc, input.type);
  if (input.schedule === "once") checkNotRestoring(ctx, svc);
  const schedule = ctx.state.addSchedule({
    svc,
    type: input.type,
    schedule: input.schedule,
    createdMs: ctx.state.now().getTime(),
    external: input.external,
  });
  if (schedule.schedule === "once") ctx.state.startBackup(schedule);
  return { status: 200, body: schedule };
};

/** PATCH /skybackup/v1/backups/schedules/{id}. */
const updateSchedule: Handler = (ctx) => {
  const schedule = findSchedule(ctx);
  if (schedule.schedule === "once") {
    throw badRequest(
      `one-time (once) schedules cannot be changed; schedule ${schedule.id} already ran: create a new schedule instead`,
    );
  }
  const input = parsePatch(ctx.json());
  const svc = ctx.state.service(schedule.service_id);
  if (input.type !== undefined && svc !== undefined) checkTypeFits(svc, input.type);
  if (input.type !== undefined) schedule.type = input.type;
  if (input.schedule !== undefined) schedule.schedule = input.schedule;
  if (input.suspended !== undefined) schedule.suspended = input.suspended;
  schedule.updated_at = rfc3339(ctx.state.now().getTime());
  return { status: 200, body: schedule };
};

/** DELETE /skybackup/v1/backups/schedules/{id}: 200 with no body, 409 while its backup runs. */
const deleteSchedule: Handler = (ctx) => {
  const schedule = findSchedule(ctx);
  if (ctx.state.runningBackupOf(schedule.id) !== undefined) {
    throw new HttpError(
      409,
      `backup schedule ${schedule.id} has a running backup; wait for it to finish, then delete again`,
    );
  }
  ctx.state.schedules.delete(schedule.id);
  return { status: 200 };
};

/**
 * The two restore lookups: which services a backup can go into
 * (POST /restores/lookup) and which services can supply a point-in-time
 * restore (GET /restores/pointintime/lookup).
 */

/**
 * Targets share the backup's cloud provider (managed backups do not cross
 * clouds). Nothing else is excluded: the source itself is eligible, and a
 * target busy with a restore is refused only when the restore is started.
 * `backup_id` may also be a service id (a point-in-time source).
 */
const lookupRestoreTargets: Handler = (ctx) => {
  const body = ctx.json();
  if (!isRecord(body)) {
    throw badRequest("request body must be a JSON object {backup_id, service_id}");
  }
  const backupId = body.backup_id;
  if (typeof backupId !== "string" || backupId === "") {
    throw badRequest(
      "backup_id is required: the id of the backup to restore, from GET /skybackup/v1/backups?service_id=…",
    );
  }
  const backup = ctx.state.backups.find((b) => b.id === backupId);
  const sourceId = backup?.service_id ?? backupId;
  const source = ctx.state.service(sourceId);
  if (source === undefined) throw badRequest(`backup ${quote(backupId)} not found`);
  const claimed = body.service_id;
  if (claimed !== undefined && claimed !== "" && claimed !== source.id) {
    throw badRequest(
      `backup ${quote(backupId)} belongs to service ${source.id}, not ${typeof claimed === "string" ? quote(claimed) : "a " + typeof claimed}: service_id is the backup's SOURCE service`,
    );
  }
  if (backup !== undefined && backup.status !== "Succeeded") {
    throw badRequest(
      `backup ${backup.id} is ${backup.status}; only a Succeeded backup can be restored`,
    );
  }
  const services = ctx.state.services
    .map((id) => ctx.state.service(id))
    .filter((svc) => svc !== undefined && svc.cloudProvider === source.cloudProvider)
    .map((svc) => ({ service_id: svc?.id ?? "", service_name: svc?.name ?? "" }));
  return { status: 200, body: { services } };
};

/** The spec declares no parameters; an optional service_id narrows the answer to one service. */
const pointInTimeSources: Handler = (ctx) => {
  const only = ctx.query.get("service_id");
  const byService = new Map<string, Backup[]>();
  for (const b of ctx.state.backups) {
    if (only !== null && only !== "" && b.service_id !== only) continue;
    const list = byService.get(b.service_id);
    if (list === undefined) byService.set(b.service_id, [b]);
    else list.push(b);
  }
  const services = [];
  for (const id of ctx.state.services) {
    const window = pitrWindow(byService.get(id) ?? []);
    if (window === undefined) continue;
    services.push({
      service_id: id,
      service_name: ctx.state.service(id)?.name ?? "",
      start_time: pointInTime(window.startMs),
      end_time: pointInTime(window.endMs),
    });
  }
  return { status: 200, body: { services } };
};

/** The restore operations: list, get, start, cancel (/skybackup/v1/restores). */
const TYPES = ["physical", "logical"];

function findRestore(ctx: RequestContext): RestoreRun {
  const raw = ctx.param;
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(id >= 1)) throw badRequest(`restore id must be an integer >= 1 (got ${quote(raw)})`);
  const run = ctx.state.restores.get(id);
  if (run === undefined) throw notFound(`restore ${id} not found`);
  return run;
}

function view(ctx: RequestContext, run: RestoreRun): unknown {
  const nowMs = ctx.state.now().getTime();
  return ctx.restoreShape === "docs" ? docsRecordAt(run, nowMs) : recordAt(run, nowMs);
}

/** GET /skybackup/v1/restores?service_id=…: the restores INTO that service, newest first by default. */
const listRestores: Handler = (ctx) => {
  const serviceId = ctx.query.get("service_id") ?? "";
  if (serviceId.length < 3) {
    throw badRequest(
      `service_id is required (at least 3 characters): the service restored INTO (got ${serviceId === "" ? "nothing" : quote(serviceId)})`,
    );
  }
  const type = ctx.query.get("type");
  if (type !== null && type !== "" && !TYPES.includes(type.toLowerCase())) {
    throw badRequest(`type must be "physical" or "logical" (got ${quote(type)})`);
  }
  const paging = parsePaging(ctx.query);
  const wanted = type === null || type === "" ? undefined : type.toLowerCase();
  const matches = ctx.state.restores
    .forTarget(serviceId)
    .filter((r) => wanted === undefined || r.type === wanted);
  const restores = pageOf(matches, paging).map((r) => view(ctx, r));
  if (ctx.restoreShape === "docs") return { status: 200, body: restores };
  return {
    status: 200,
    body: {
      restores,
      restores_count: matches.length,
      pages_count: pagesCount(matches.length, paging.pageSize),
    },
  };
};

/** GET /skybackup/v1/restores/{id}. */
const getRestore: Handler = (ctx) => {
  const run = findRestore(ctx);
  return { status: 200, body: ctx.restoreShape === "docs" ? [view(ctx, run)] : view(ctx, run) };
};

/** POST /skybackup/v1/restores: starts a restore, Running at once (the target is "stopped"). */
const createRestore: Handler = (ctx) => {
  const draft = planRestore(ctx.state, parseRestore(ctx.json()));
  const run = ctx.state.restores.add(draft);
  return { status: 200, body: recordAt(run, ctx.state.now().getTime()) };
};

/** DELETE /skybackup/v1/restores/{id}: cancels a running restore; a finished one is refused. */
const cancelRestore: Handler = (ctx) => {
  const run = findRestore(ctx);
  const nowMs = ctx.state.now().getTime();
  const status = statusAt(run, nowMs);
  if (status !== "Running") {
    throw badRequest(
      `restore ${run.id} already finished (${status}); only a running restore can be cancelled`,
    );
  }
  run.cancelledMs = nowMs;
  return { status: 200 };
};

interface Route {
  pattern: RegExp;
  methods: Readonly<Record<string, Handler>>;
}

/** Order matters: `backups/schedules` must match before `backups/{service_id}`. */
const ROUTES: readonly Route[] = [
  { pattern: /^\/skybackup\/v1\/backups$/, methods: { GET: listBackups } },
  {
    pattern: /^\/skybackup\/v1\/backups\/schedules$/,
    methods: { GET: listSchedules, POST: createSchedule },
  },
  {
    pattern: /^\/skybackup\/v1\/backups\/schedules\/([^/]+)$/,
    methods: { GET: getSchedule, PATCH: updateSchedule, DELETE: deleteSchedule },
  },
  { pattern: /^\/skybackup\/v1\/backups\/([^/]+)$/, methods: { GET: serviceBackups } },
  // The literal lookups must match before `restores/{id}`.
  {
    pattern: /^\/skybackup\/v1\/restores$/,
    methods: { GET: listRestores, POST: createRestore },
  },
  { pattern: /^\/skybackup\/v1\/restores\/lookup$/, methods: { POST: lookupRestoreTargets } },
  {
    pattern: /^\/skybackup\/v1\/restores\/pointintime\/lookup$/,
    methods: { GET: pointInTimeSources },
  },
  {
    pattern: /^\/skybackup\/v1\/restores\/([^/]+)$/,
    methods: { GET: getRestore, DELETE: cancelRestore },
  },
];

export interface Match {
  handler: Handler;
  param: string;
}

/** Finds the handler for a request, or throws the 404/405 the client should see. */
export function route(method: string, path: string): Match {
  // Tolerate one trailing slash, as the vendor's gateway does for most routes.
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  for (const r of ROUTES) {
    const m = r.pattern.exec(trimmed);
    if (m === null) continue;
    const handler = r.methods[method];
    if (handler === undefined) {
      const allowed = Object.keys(r.methods).join(", ");
      throw new HttpError(405, `method ${method} is not allowed on ${trimmed}; use ${allowed}`, {
        allow: allowed,
      });
    }
    return { handler, param: decode(m[1] ?? "") };
  }
  throw new HttpError(
    404,
    `no route for ${method} ${trimmed}; the Backups API lives under /skybackup/v1/backups and /skybackup/v1/restores`,
  );
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(
      `path segment ${JSON.stringify(segment.slice(0, 40))} is not valid percent-encoding`,
    );
  }
}
