/**
 * Options of one command only, described once like the server's settings.
 * They are flags without a variable: they belong to one run, not to a setup.
 */
import { AUDIT_LIMITS } from "../audit/types.js";
import { SERVICE_ID_PATTERN } from "../util/service-id.js";
import { isTimeInput, TIME_INPUT_HELP } from "../util/time-input.js";
import { onOff, text, wholeNumber } from "./kinds.js";
import { defineSetting, type Values } from "./setting.js";

/** `audit` flags: one to one onto audit_backups' arguments, with the same ranges. */
export const AUDIT_OPTIONS = {
  max_age_hours: defineSetting<number | undefined>({
    flag: "max-age-hours",
    kind: wholeNumber(AUDIT_LIMITS.max_age_hours.min, AUDIT_LIMITS.max_age_hours.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "recovery-point target: the newest successful backup must be younger",
  }),
  lookback_days: defineSetting<number | undefined>({
    flag: "lookback-days",
    kind: wholeNumber(AUDIT_LIMITS.lookback_days.min, AUDIT_LIMITS.lookback_days.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "days of history to check",
  }),
  max_full_age_days: defineSetting<number | undefined>({
    flag: "max-full-age-days",
    kind: wholeNumber(AUDIT_LIMITS.max_full_age_days.min, AUDIT_LIMITS.max_full_age_days.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "the newest full, snapshot or dump backup must be younger",
  }),
  require_restore_drill_days: defineSetting<number | undefined>({
    flag: "require-restore-drill-days",
    kind: wholeNumber(
      AUDIT_LIMITS.require_restore_drill_days.min,
      AUDIT_LIMITS.require_restore_drill_days.max,
    ),
    default: undefined,
    shownDefault: "unset: info after 30 days",
    description:
      "warn (exit 1) when no restore from a service's backups succeeded within this many days",
  }),
  suspect_shrink_percent: defineSetting<number | undefined>({
    flag: "suspect-shrink-percent",
    kind: wholeNumber(
      AUDIT_LIMITS.suspect_shrink_percent.min,
      AUDIT_LIMITS.suspect_shrink_percent.max,
    ),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "a full, snapshot or dump this many percent under its type's median is suspect",
  }),
  growth_factor: defineSetting<number | undefined>({
    flag: "growth-factor",
    kind: wholeNumber(AUDIT_LIMITS.growth_factor.min, AUDIT_LIMITS.growth_factor.max),
    default: undefined,
    shownDefault: "as `audit_backups`",
    description: "info when a type's newest base is over this many times the one a week before",
  }),
};

const SERVICE_ID = {
  pattern: SERVICE_ID_PATTERN,
  says: "must be a service id such as dbtgf28216706",
};
const DRILL_HOW = "skybackup-mcp drill --source <id> --target <scratch id> --yes";

/** `drill` flags: what to restore into what, and the one explicit yes to erase the target. */
export const DRILL_OPTIONS = {
  source: defineSetting({
    flag: "source",
    kind: text("ID", SERVICE_ID),
    default: "",
    required: `name the service whose backups the drill proves: ${DRILL_HOW}`,
    description: "service whose backups are restored",
  }),
  target: defineSetting({
    flag: "target",
    kind: text("ID", SERVICE_ID),
    default: "",
    required: `name a scratch service to restore into (its data is erased): ${DRILL_HOW}`,
    description: "scratch service restored INTO: all its data is erased; never the source",
  }),
  time: defineSetting({
    flag: "time",
    kind: text("TIME", {
      pattern: { test: (v: string) => v === "latest" || isTimeInput(v) },
      says: `must be "latest" or ${TIME_INPUT_HELP}`,
    }),
    default: "latest",
    description: "point in time to restore, as `plan_restore` takes it (UTC)",
  }),
  yes: defineSetting({
    flag: "yes",
    kind: onOff,
    default: false,
    description: "required: agree that the target's data is erased",
  }),
  maxWaitMinutes: defineSetting({
    flag: "max-wait-minutes",
    kind: wholeNumber(1, 1440),
    default: 360,
    description: "give up following the restore after this long (exit 3; the restore goes on)",
  }),
};

export type DrillConfig = Values<typeof DRILL_OPTIONS>;

export const EMULATOR_OPTIONS = {
  port: defineSetting({
    flag: "port",
    kind: wholeNumber(0, 65_535),
    default: 8080,
    description: "port to listen on; 0 picks a free one",
  }),
  host: defineSetting({
    flag: "host",
    kind: text("HOST"),
    default: "127.0.0.1",
    description: "address to listen on",
  }),
  seed: defineSetting({
    flag: "seed",
    kind: wholeNumber(0, 2 ** 31 - 1),
    default: 42,
    description: "seed of the generated data",
  }),
  backups: defineSetting<number | undefined>({
    flag: "backups",
    kind: wholeNumber(1, 5_000_000),
    default: undefined,
    shownDefault: "the demo set",
    description: "backups to generate",
  }),
  services: defineSetting<number | undefined>({
    flag: "service-count",
    kind: wholeNumber(6, 10_000),
    default: undefined,
    shownDefault: "the demo set",
    description: "services to generate",
  }),
  perKeyAccounts: defineSetting({
    flag: "per-key-accounts",
    kind: onOff,
    default: false,
    description:
      "accept any API key, each with its own generated account (try team mode's per-user keys); keys starting `revoked` get 401",
  }),
};

export type EmulatorConfig = Values<typeof EMULATOR_OPTIONS>;

/** Switches that are not settings: they pick what a run prints. */
export const GENERAL_FLAGS = [
  {
    flag: "json",
    description: "`call`, `audit` and `drill`: print the structured result as JSON",
  },
  { flag: "help", short: "h", description: "show this help" },
  { flag: "version", short: "v", description: "print the version" },
] as const;
