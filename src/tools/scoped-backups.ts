/**
 * list_backups under --services. The API filters by one service at a time,
 * so with several allowed services each one's first page*page_size backups
 * are fetched and merged: enough to cut the requested page exactly.
 */
import type { ListBackupsQuery } from "../api/client.js";
import type { Backup, BackupPage } from "../api/schemas.js";
import type { ToolContext } from "./define.js";
import { ToolError } from "./tool-error.js";

const MAX_MERGE_DEPTH = 5000;

export async function listBackupsInScope(
  query: ListBackupsQuery & { page: number; page_size: number },
  ctx: ToolContext,
): Promise<BackupPage> {
  const services = ctx.scope.services;
  if (query.service_id !== undefined) ctx.scope.check(query.service_id);
  if (query.service_id !== undefined || services === undefined)
    return ctx.api.listBackups(query, { signal: ctx.signal });
  if (services.length === 1)
    return ctx.api.listBackups({ ...query, service_id: services[0] }, { signal: ctx.signal });

  const depth = query.page * query.page_size;
  if (depth > MAX_MERGE_DEPTH) {
    throw new ToolError(
      `page ${query.page} is too deep to merge across ${services.length} services; give service_id to page one service at a time.`,
    );
  }
  const pages = await Promise.all(
    services.map((service_id) =>
      ctx.api.listBackups(
        { ...query, service_id, page: 1, page_size: depth },
        { signal: ctx.signal },
      ),
    ),
  );
  const merged = pages.flatMap((page) => page.backups).sort(byTime(query.order ?? "desc"));
  const total = pages.reduce((sum, page) => sum + page.backups_count, 0);
  const start = (query.page - 1) * query.page_size;
  return {
    backups: merged.slice(start, start + query.page_size),
    backups_count: total,
    pages_count: Math.ceil(total / query.page_size),
  };
}

function byTime(order: "asc" | "desc"): (a: Backup, b: Backup) => number {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => {
    const x = a.start_time ?? "";
    const y = b.start_time ?? "";
    return x === y ? 0 : x < y ? -sign : sign;
  };
}
