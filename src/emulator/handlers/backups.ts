import { badRequest, notFound, quote } from "../errors.js";
import { filterParam, pageOf, pagesCount, parsePaging, type Paging } from "../query.js";
import type { Backup } from "../types.js";
import type { Handler } from "./context.js";

function paged(matches: readonly Backup[], paging: Paging): Record<string, unknown> {
  return {
    backups: pageOf(matches, paging),
    backups_count: matches.length,
    pages_count: pagesCount(matches.length, paging.pageSize),
  };
}

/** GET /skybackup/v1/backups: every backup, newest first by default, filterable. */
export const listBackups: Handler = (ctx) => {
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
export const serviceBackups: Handler = (ctx) => {
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
