/**
 * create_restore's own fields and rules, written from its documented contract:
 * backup_id is 1-200 characters of letters, digits and . _ : -, never "..";
 * `external` is {bucket (gs:// or s3://, 1-1000, one line), method
 * mariabackup|mysqldump,
 * file (1-1000, one line), credentials (1-64 KiB) | credentials_file (1-4096,
 * one line), encryption_key (1-4096)}; exactly one source; backup_id and
 * target_time need source_service_id, external refuses it; restoring a service
 * onto itself needs overwrite_source: true, which nothing else may send.
 */
import fc from "fast-check";
import { hostileString, hugeString, wrongType } from "./hostile-values.js";
import { invalid, type FieldKind, type Problem, type World } from "./field-kinds.js";

// eslint-disable-next-line no-control-regex -- C0 controls are what the rule forbids
const CONTROL = /[\u0000-\u001f]/;
const EXTERNAL_KEYS = [
  "bucket",
  "method",
  "file",
  "credentials",
  "credentials_file",
  "encryption_key",
];

const isText = (v: unknown, max: number, oneLine = true): v is string =>
  typeof v === "string" && v.length >= 1 && v.length <= max && (!oneLine || !CONTROL.test(v));

const anyText = (ok: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: ok }, hostileString, hugeString, wrongType, fc.constant(""));

export const backupIdKind: FieldKind = {
  valid: fc.stringMatching(/^[A-Za-z0-9._:-]{1,80}$/).filter((v) => !v.includes("..")),
  hostile: anyText(fc.stringMatching(/^[a-f0-9]{32}$/)),
  problems: (v, name) =>
    isText(v, 200) && /^[A-Za-z0-9._:-]+$/.test(v) && !v.includes("..") ? [] : invalid(name),
};

function externalProblems(v: unknown, name: string): Problem[] {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return invalid(name);
  const e = v as Record<string, unknown>;
  const problems = Object.keys(e)
    .filter((key) => !EXTERNAL_KEYS.includes(key))
    .flatMap((key) => invalid(name, key));
  if (!isText(e["bucket"], 1000) || !/^(gs|s3):\/\/[^/\s]+/.test(e["bucket"] as string))
    problems.push(...invalid(name, "bucket"));
  if (e["method"] !== "mariabackup" && e["method"] !== "mysqldump")
    problems.push(...invalid(name, "method"));
  if (!isText(e["file"], 1000)) problems.push(...invalid(name, "file"));
  const optional = [
    ["credentials", 65_536, false],
    ["credentials_file", 4096, true],
    ["encryption_key", 4096, false],
  ] as const;
  for (const [key, max, oneLine] of optional)
    if (e[key] !== undefined && !isText(e[key], max, oneLine)) problems.push(...invalid(name, key));
  return problems;
}

export function externalKind(world: World): FieldKind {
  const bucket = fc.stringMatching(/^(gs|s3):\/\/[a-z0-9-]{3,20}(\/[a-z0-9_-]{1,10}){0,2}\/?$/);
  const method = fc.constantFrom("mariabackup", "mysqldump");
  const file = fc.stringMatching(/^[a-z0-9._-]{1,30}$/);
  const valid = fc.oneof(
    fc.record({ bucket, method, file }),
    fc.record({ bucket, method, file, encryption_key: fc.stringMatching(/^[A-Za-z0-9]{8,40}$/) }),
    fc.record({ bucket, method, file, credentials_file: fc.constant(world.credentialsFile) }),
  );
  const hostile = fc
    .record(
      {
        bucket: anyText(bucket),
        method: fc.oneof(method, fc.constantFrom("xtrabackup", "MYSQLDUMP", ""), wrongType),
        file: anyText(file),
        credentials: anyText(fc.constant('{"type":"service_account"}')),
        credentials_file: anyText(fc.constantFrom(world.credentialsFile, world.directory)),
        encryption_key: anyText(fc.constant("k3y")),
        extra: fc.constantFrom("__proto__", "path", "bucket_path", "point_in_time"),
      },
      { requiredKeys: [] },
    )
    .map(({ extra, ...fields }) =>
      extra === undefined ? fields : Object.fromEntries([...Object.entries(fields), [extra, 1]]),
    );
  return {
    valid,
    hostile: fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: wrongType }),
    problems: externalProblems,
  };
}

const has = (args: Record<string, unknown>, key: string) =>
  Object.hasOwn(args, key) && args[key] !== undefined;

/** The rules across fields, each refused before any request. */
export function restoreSourceRules(args: Record<string, unknown>): Problem[] {
  const sources = ["backup_id", "target_time", "external"].filter((key) => has(args, key));
  if (sources.length !== 1) return invalid("exactly one source");
  const external = has(args, "external");
  const source = args["source_service_id"];
  if (external && has(args, "source_service_id")) return invalid("source_service_id");
  if (!external && !has(args, "source_service_id")) return invalid("source_service_id");
  const ext = args["external"];
  if (typeof ext === "object" && ext !== null) {
    const e = ext as Record<string, unknown>;
    if (has(e, "credentials") && has(e, "credentials_file")) return invalid("credentials");
  }
  const self = !external && source === args["target_service_id"];
  if (self !== (args["overwrite_source"] === true)) return invalid("overwrite_source");
  return [];
}
