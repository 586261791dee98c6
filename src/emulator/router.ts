import { HttpError, badRequest } from "./errors.js";
import { listBackups, serviceBackups } from "./handlers/backups.js";
import type { Handler } from "./handlers/context.js";
import { getSchedule, listSchedules } from "./handlers/schedules-read.js";
import { createSchedule, deleteSchedule, updateSchedule } from "./handlers/schedules-write.js";
import { lookupRestoreTargets, pointInTimeSources } from "./handlers/restore-lookups.js";
import { cancelRestore, createRestore, getRestore, listRestores } from "./handlers/restores.js";

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
