/**
 * The restore id input, and reading one restore the way every restore tool
 * must: a 404 becomes a plain pointer to list_restores, and a restore into a
 * service outside --services is refused after reading (its id is the only
 * way to know the service) without repeating anything it said.
 */
import { ApiError } from "../../api/errors.js";
import type { Restore } from "../../api/records.js";
import type { ToolContext } from "../define.js";
import { ScopeError } from "../../safety/scope.js";
import { ID_RULES } from "../../util/ids.js";
import { ToolError } from "../../util/tool-error.js";

export const restoreId = ID_RULES.restore.describe("From list_restores");

export const NOT_FOUND_RESTORE_HINT =
  "No restore has that id: list_restores with the target service_id shows its restores.";

export async function fetchScopedRestore(id: number, ctx: ToolContext): Promise<Restore> {
  const restore = await ctx.api.getRestore(id, { signal: ctx.signal }).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404)
      throw new ToolError(`restore ${id} was not found. ${NOT_FOUND_RESTORE_HINT}`);
    throw error;
  });
  // An empty answer (the docs' array shape, with nothing in it) proves no restore exists.
  if (restore.id === undefined && restore.service_id === undefined)
    throw new ToolError(`the API returned no restore for id ${id}. ${NOT_FOUND_RESTORE_HINT}`);
  if (!ctx.scope.allows(restore.service_id))
    throw new ScopeError(
      `restore ${id} is into a service outside this server's scope; it is limited to ${ctx.scope.describe()} (SKYSQL_SERVICES / --services)`,
    );
  return restore;
}
