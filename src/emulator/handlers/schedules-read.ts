import { badRequest, quote } from "../errors.js";
import { filterParam, pageOf, pagesCount, parsePaging } from "../query.js";
import { BACKUP_TYPES, type BackupType } from "../../api/records.js";
import type { Handler } from "./context.js";
import { findSchedule } from "./schedule-lookup.js";

const isType = (v: string): v is BackupType => (BACKUP_TYPES as readonly string[]).includes(v);

/** GET /skybackup/v1/backups/schedules?service_id=…: a service's schedules, paged. */
export const listSchedules: Handler = (ctx) => {
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
export const getSchedule: Handler = (ctx) => ({ status: 200, body: findSchedule(ctx) });
