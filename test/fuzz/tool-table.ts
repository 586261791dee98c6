/**
 * The per-tool table: each known tool's fields, which are required, its
 * cross-field rules, and which arguments travel verbatim into the request
 * (query, path or body). Written from the README's tool table and the tools'
 * descriptions. A tool missing from the table, or a field missing from a
 * tool's entry, falls back to schema-fallback.ts (its published JSON Schema).
 */
import {
  BACKUP_TYPES,
  booleanKind,
  confirmationTokenKind,
  enumKind,
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
  /** From the table (an independent oracle) rather than only the JSON Schema. */
  known: boolean;
  /** The fields the table knows; others come from the JSON Schema and may change what is sent. */
  tableFields: ReadonlySet<string>;
  /** Arguments sent as query parameters of the same name, unchanged. */
  query: readonly string[];
  /** Arguments sent unchanged as JSON body fields of the same name. */
  body: readonly string[];
  /** The argument that becomes the last path segment, if any. */
  pathArg?: "service_id" | "id";
}

type Entry = Omit<
  ToolSpec,
  "name" | "known" | "tableFields" | "strict" | "rules" | "query" | "body"
> &
  Partial<Pick<ToolSpec, "rules" | "query" | "body">>;

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

export function toolTable(world: World): Record<string, Entry> {
  const req = (kind: FieldKind): FieldSpec => ({ kind, required: true });
  const opt = (kind: FieldKind): FieldSpec => ({ kind, required: false });
  const serviceId = serviceIdKind(world);
  const id = scheduleIdKind(world);
  const page = intKind(1, 1_000_000, 40);
  const pageSize = intKind(1, 1000, 25);
  const order = enumKind(["asc", "desc"]);
  const backupType = enumKind(BACKUP_TYPES);
  const restoreId = intKind(1, 2_147_483_647, 8);
  const paging = { order: opt(order), page: opt(page), page_size: opt(pageSize) };
  return {
    list_services: { fields: {} },
    list_backups: {
      fields: { ...paging, service_id: opt(serviceId), status: opt(statusKind) },
      query: ["page", "page_size", "order", "service_id", "status"],
    },
    list_service_backups: {
      fields: { service_id: req(serviceId), page: opt(page), page_size: opt(pageSize) },
      query: ["page", "page_size"],
      pathArg: "service_id",
    },
    list_backup_schedules: {
      fields: { service_id: req(serviceId), type: opt(backupType), ...paging },
      query: ["service_id", "type", "order", "page", "page_size"],
    },
    get_backup_schedule: { fields: { id: req(id) }, pathArg: "id" },
    create_backup_schedule: {
      fields: {
        service_id: req(serviceId),
        backup_type: req(backupType),
        schedule: req(scheduleKind),
        external_storage: opt(storageKind(world)),
        allow_duplicate: opt(booleanKind),
        allow_frequent: opt(booleanKind),
      },
      rules: [frequentHeavy],
      body: ["service_id", "backup_type", "schedule"],
    },
    update_backup_schedule: {
      fields: {
        id: req(id),
        backup_type: opt(backupType),
        schedule: opt(scheduleKind),
        suspended: opt(booleanKind),
        confirmation_token: opt(confirmationTokenKind),
      },
      rules: [atLeastOneChange, notOnce],
      body: CHANGEABLE,
      pathArg: "id",
    },
    suspend_service_schedules: {
      fields: {
        service_id: req(serviceId),
        suspended: req(booleanKind),
        confirmation_token: opt(confirmationTokenKind),
      },
      // One PATCH {suspended} per schedule of the service.
      body: ["suspended"],
    },
    delete_backup_schedule: {
      fields: { id: req(id), confirmation_token: opt(confirmationTokenKind) },
      pathArg: "id",
    },
    audit_backups: {
      fields: {
        service_id: opt(serviceId),
        service_ids: opt(serviceIdsKind(world, serviceId)),
        max_age_hours: opt(intKind(1, 8760, 72)),
        lookback_days: opt(intKind(1, 90, 7)),
        max_full_age_days: opt(intKind(1, 365, 7)),
        require_restore_drill_days: opt(intKind(1, 365, 30)),
      },
      rules: [notBothServiceFields],
    },
    plan_restore: {
      fields: {
        service_id: req(serviceId),
        target_time: req(targetTimeKind()),
        target_service_id: opt(serviceId),
      },
    },
    list_restores: {
      fields: {
        service_id: req(serviceId),
        status: opt(enumKind(["Running", "Succeeded", "Failed", "Cancelled"])),
        page: opt(page),
        page_size: opt(pageSize),
        all_pages: opt(booleanKind),
        max_items: opt(intKind(1, 5000, 300)),
      },
      // page and page_size are re-cut when a status filter or all_pages reads every page.
      query: ["service_id"],
    },
    // Restore ids are small integers in the emulator (the demo history has 1-5).
    get_restore: { fields: { id: req(restoreId) }, pathArg: "id" },
    cancel_restore: {
      fields: { id: req(restoreId), confirmation_token: opt(confirmationTokenKind) },
      pathArg: "id",
    },
    create_restore: {
      fields: {
        target_service_id: req(serviceId),
        source_service_id: opt(serviceId),
        backup_id: opt(backupIdKind),
        target_time: opt(targetTimeKind()),
        external: opt(externalKind(world)),
        overwrite_source: opt(booleanKind),
        confirmation_token: opt(confirmationTokenKind),
      },
      rules: [restoreSourceRules],
      // Its preview's lookup POST carries backup_id as given (and the source as service_id).
      body: ["backup_id", "service_id", "id", "point_in_time", "external_source"],
    },
  };
}
