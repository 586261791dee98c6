/**
 * What the published input schemas cannot say, per tool. The fields, which
 * are required, their JSON types, ranges and enums come from each tool's own
 * JSON Schema as tools/list publishes it (tool-spec.ts), so a schema change is
 * made once. This table adds only meaning: the kind of value a field name
 * carries (a service id, a cron, a storage object: an oracle written from the
 * documented rule, so a schema that loses its pattern is caught), the
 * cross-field rules, and which arguments travel verbatim into the request
 * (query, path or body).
 */
import {
  confirmationTokenKind,
  intKind,
  invalid,
  scheduleIdKind,
  serviceIdKind,
  statusKind,
  type FieldKind,
  type Problem,
  type World,
} from "./field-kinds.js";
import { serviceIdsKind, targetTimeKind } from "./service-ids-and-target-time-kinds.js";
import { scheduleKind } from "./schedule-field-kind.js";
import { scheduleVerdict } from "./cron-oracle.js";
import { expand } from "./cron-oracle.js";
import { storageKind } from "./storage-field-kind.js";
import { backupIdKind, externalKind, restoreSourceRules } from "./restore-field-kinds.js";

interface FieldSpec {
  kind: FieldKind;
  required: boolean;
}

export interface ToolSpec {
  name: string;
  fields: Record<string, FieldSpec>;
  /** Unknown argument names are refused. */
  strict: boolean;
  /** Cross-field rules, judged on the whole argument object. */
  rules: Array<(args: Record<string, unknown>) => Problem[]>;
  /** In the table: its request routing (query, body, path) is known. */
  known: boolean;
  /** Arguments that make the tool read pages its own way, so page and page_size do not round-trip. */
  recut: ReadonlySet<string>;
  /** Arguments sent as query parameters of the same name, unchanged. */
  query: readonly string[];
  /** Arguments sent unchanged as JSON body fields of the same name. */
  body: readonly string[];
  /** The argument that becomes the last path segment, if any. */
  pathArg?: "service_id" | "id";
}

export interface Entry {
  /** Kinds for this tool's fields where the name alone is not enough (an `id` of a schedule). */
  kinds?: Record<string, FieldKind>;
  rules?: ToolSpec["rules"];
  recut?: readonly string[];
  query?: readonly string[];
  body?: readonly string[];
  pathArg?: ToolSpec["pathArg"];
}

/**
 * The kind of value a field of this name carries in every tool, where its
 * schema says only "string" (or "object"): a field with an enum keeps its
 * schema's.
 */
export function namedKinds(world: World): Record<string, FieldKind> {
  const serviceId = serviceIdKind(world);
  return {
    // Its bound is a refinement, left out of the published schema to save tokens (define.ts).
    page: intKind(1, 1_000_000, 40),
    service_id: serviceId,
    target_service_id: serviceId,
    source_service_id: serviceId,
    service_ids: serviceIdsKind(world, serviceId),
    schedule: scheduleKind,
    external_storage: storageKind(world),
    confirmation_token: confirmationTokenKind,
    target_time: targetTimeKind(),
    backup_id: backupIdKind,
    external: externalKind(world),
  };
}

const CHANGEABLE = ["backup_type", "schedule", "suspended"];
const atLeastOneChange = (args: Record<string, unknown>): Problem[] =>
  CHANGEABLE.some((field) => Object.hasOwn(args, field))
    ? []
    : invalid("at least one", ...CHANGEABLE);

// Changing a schedule to "once" is refused: the API cannot, and it would not mean "run now".
const notOnce = (args: Record<string, unknown>): Problem[] =>
  args["schedule"] === "once" ? invalid("once") : [];

const notBothServiceFields = (args: Record<string, unknown>): Problem[] =>
  Object.hasOwn(args, "service_id") && Object.hasOwn(args, "service_ids")
    ? invalid("service_ids")
    : [];

// A full, dump or snapshot more than hourly (two or more minutes an hour) needs allow_frequent.
const HEAVY = ["full", "dump", "snapshot"];
const frequentHeavy = (args: Record<string, unknown>): Problem[] => {
  const cron = args["schedule"];
  if (args["allow_frequent"] === true || !HEAVY.includes(args["backup_type"] as string)) return [];
  if (typeof cron !== "string" || cron === "once" || scheduleVerdict(cron) !== "valid") return [];
  const minutes = new Set<number>();
  for (const item of cron
    .trim()
    .split(/[ \t]+/)[0]!
    .split(",")) {
    const values = expand(item, 0);
    if (values === undefined) return [{ verdict: "unknown", mentions: ["allow_frequent"] }];
    for (const value of values) minutes.add(value);
  }
  return minutes.size > 1 ? invalid("allow_frequent") : [];
};

// The same rule on an update is judged against the schedule as it stands (its type when none
// is given), which the tool reads first: a frequent cron is refused after that read, or not.
const frequentOnUpdate = (args: Record<string, unknown>): Problem[] =>
  frequentHeavy({ ...args, backup_type: "full" }).length > 0
    ? [{ verdict: "unknown", mentions: ["allow_frequent"] }]
    : [];

export function toolTable(world: World): Record<string, Entry> {
  const scheduleId = { id: scheduleIdKind(world) };
  // all_pages and max_items read every page with the tool's own page size.
  const wholeList = ["all_pages", "max_items"];
  return {
    list_services: {},
    list_backups: {
      kinds: { status: statusKind },
      // A time window or type is filtered over every page, read the tool's way.
      recut: [...wholeList, "since", "until", "type"],
      query: ["page", "page_size", "order", "service_id", "status"],
    },
    list_service_backups: {
      recut: [...wholeList, "since", "until", "type"],
      query: ["page", "page_size"],
      pathArg: "service_id",
    },
    list_backup_schedules: {
      recut: wholeList,
      query: ["service_id", "type", "order", "page", "page_size"],
    },
    get_backup_schedule: { kinds: scheduleId, pathArg: "id" },
    create_backup_schedule: {
      rules: [frequentHeavy],
      body: ["service_id", "backup_type", "schedule"],
    },
    update_backup_schedule: {
      kinds: scheduleId,
      rules: [atLeastOneChange, notOnce, frequentOnUpdate],
      body: CHANGEABLE,
      pathArg: "id",
    },
    // One PATCH {suspended} per schedule of the service.
    suspend_service_schedules: { body: ["suspended"] },
    delete_backup_schedule: { kinds: scheduleId, pathArg: "id" },
    audit_backups: { rules: [notBothServiceFields] },
    plan_restore: {},
    // page and page_size are re-cut when a status filter or all_pages reads every page.
    list_restores: { query: ["service_id"] },
    // Restore ids are small integers in the emulator (the demo history has 1-5).
    get_restore: { pathArg: "id" },
    cancel_restore: { pathArg: "id" },
    create_restore: {
      rules: [restoreSourceRules],
      // Its preview's lookup POST carries backup_id as given (and the source as service_id).
      body: ["backup_id", "service_id", "id", "point_in_time", "external_source"],
    },
  };
}
