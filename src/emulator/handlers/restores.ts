/** The restore operations: list, get, start, cancel (/skybackup/v1/restores). */
import { badRequest, notFound, quote } from "../errors.js";
import { pageOf, pagesCount, parsePaging } from "../query.js";
import { planRestore } from "../restore-checks.js";
import { parseRestore } from "../restore-input.js";
import { docsRecordAt, recordAt, statusAt, type RestoreRun } from "../restores.js";
import type { Handler, RequestContext } from "./context.js";

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
export const listRestores: Handler = (ctx) => {
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
export const getRestore: Handler = (ctx) => {
  const run = findRestore(ctx);
  return { status: 200, body: ctx.restoreShape === "docs" ? [view(ctx, run)] : view(ctx, run) };
};

/** POST /skybackup/v1/restores: starts a restore, Running at once (the target is "stopped"). */
export const createRestore: Handler = (ctx) => {
  const draft = planRestore(ctx.state, parseRestore(ctx.json()));
  const run = ctx.state.restores.add(draft);
  return { status: 200, body: recordAt(run, ctx.state.now().getTime()) };
};

/** DELETE /skybackup/v1/restores/{id}: cancels a running restore; a finished one is refused. */
export const cancelRestore: Handler = (ctx) => {
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
