/**
 * The properties, as checks on one recorded call: what the tool answered,
 * what reached the emulator, and what went over the wire.
 */
import { readFileSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import type { RecordedRequest } from "../helpers/emulator.js";
import { TEST_KEY, textOf } from "../helpers/harness.js";
import type { Args, Judgement } from "./tool-args.js";
import type { WireRequest } from "./recording-proxy.js";
import type { ToolSpec } from "./tool-table.js";

export interface CallRecord {
  spec: ToolSpec;
  args: Args;
  result: CallToolResult;
  /** What the emulator saw during this call. */
  sent: readonly RecordedRequest[];
  /** What the recording proxy saw during this call. */
  wire: readonly WireRequest[];
}

const BASE = "/skybackup/v1/backups";
const ROUTES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^$/, ["GET"]],
  [/^\/schedules$/, ["GET", "POST"]],
  [/^\/schedules\/[0-9]+$/, ["GET", "PATCH", "DELETE"]],
  [/^\/[A-Za-z0-9_-]+$/, ["GET"]],
];
/** The restore endpoints (restore tools; audit_backups and plan_restore read them too). */
const RESTORES = "/skybackup/v1/restores";
const RESTORE_ROUTES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^$/, ["GET", "POST"]],
  [/^\/lookup$/, ["POST"]],
  [/^\/pointintime\/lookup$/, ["GET"]],
  [/^\/[0-9]+$/, ["GET", "DELETE"]],
];
const QUERY_KEYS = new Set(["page", "page_size", "order", "service_id", "status", "type"]);
const HEADERS = new Set([
  ...["host", "connection", "x-api-key", "user-agent", "accept"],
  ...["content-type", "content-length", "transfer-encoding", "x-mdb-org"],
]);
const INTERNAL = /failed unexpectedly|Output validation error|emulator error/;
/** A 400 a valid input may still get: it depends on data the server cannot see. */
const DATA_DEPENDENT_400 = /supports only snapshot backups/;

/** Properties 1, 2 and 4: what the tool answered, given the oracle's verdict. */
export function checkOutcome(call: CallRecord, judged: Judgement): void {
  const { spec, result } = call;
  expect(Array.isArray(result.content), "a CallToolResult with content").toBe(true);
  const text = textOf(result);
  expect(text, "no internal error").not.toMatch(INTERNAL);
  if (judged.verdict === "invalid") {
    expect(result.isError, `refused: ${text.slice(0, 300)}`).toBe(true);
    expect(call.sent, "no request for an invalid input").toEqual([]);
    expect(call.wire).toEqual([]);
    const named = judged.mentions.some((m) => text.includes(m));
    expect(named, `"${text.slice(0, 300)}" names one of ${judged.mentions.join(", ")}`).toBe(true);
  } else if (judged.verdict === "valid" && result.isError) {
    const apiError = new RegExp(
      `^${spec.name} failed: (GET|POST|PATCH|DELETE) (${BASE}|${RESTORES})\\S* -> (4\\d\\d) `,
    ).exec(text);
    const refusal = text.startsWith(`${spec.name}: `);
    expect(apiError !== null || refusal, `an API 4xx or the tool's own refusal: ${text}`).toBe(
      true,
    );
    if (apiError?.[3] === "400")
      expect(text, "a valid input should pass the API's checks").toMatch(DATA_DEPENDENT_400);
  }
}

/** Property 3: every request stays on a known route with its arguments encoded. */
export function checkRequests(call: CallRecord): void {
  const { spec, args, sent, wire } = call;
  // A tool may send requests in parallel, so the two logs agree as sets, not in order.
  const urls = sent.map((r) => r.path + (r.query ? `?${r.query}` : ""));
  expect(wire.map((w) => w.url).sort(), "the proxy and the emulator saw the same requests").toEqual(
    urls.sort(),
  );
  for (const r of sent) {
    const restores = r.path.startsWith(RESTORES);
    expect(restores || r.path.startsWith(BASE), `${r.path} stays under ${BASE}`).toBe(true);
    const rest = r.path.slice(restores ? RESTORES.length : BASE.length);
    const route = (restores ? RESTORE_ROUTES : ROUTES).find(([pattern]) => pattern.test(rest));
    expect(route, `${r.path} is one of the API's routes`).toBeDefined();
    expect(route?.[1], `${r.method} ${r.path}`).toContain(r.method);
    expect(r.status, `${r.method} ${r.path} did not break the emulator`).toBeLessThan(500);
    if (restores) checkRestorePath(rest, spec, args);
    else checkPathArgument(rest, spec, args);
    // The first request carries the arguments; later ones (e.g. the unknown-service lookup
    // on an empty answer) may page differently, but still name no other service.
    checkQuery(r.query, spec, args, r === sent[0]);
  }
  for (const w of wire) checkWire(w, spec, args);
}

function checkPathArgument(rest: string, spec: ToolSpec, args: Args): void {
  const segment = rest.split("/").at(-1) ?? "";
  if (/^\/schedules\/[0-9]+$/.test(rest) && spec.pathArg === "id")
    expect(segment).toBe(String(args["id"]));
  if (/^\/[A-Za-z0-9_-]+$/.test(rest) && rest !== "/schedules") {
    const asked = askedServices(args);
    if (asked || spec.pathArg === "service_id")
      expect(asked, "the path names an asked-for service").toContain(decodeURIComponent(segment));
  }
}

/** /restores/{id} carries the id asked for; the list carries the service in its query. */
function checkRestorePath(rest: string, spec: ToolSpec, args: Args): void {
  if (rest !== "" && spec.pathArg === "id") expect(rest.slice(1)).toBe(String(args["id"]));
}

function checkQuery(query: string, spec: ToolSpec, args: Args, first: boolean): void {
  const params = new URLSearchParams(query);
  // Re-encoding what was parsed gives the same text only if every value was encoded.
  expect(new URLSearchParams([...params]).toString(), "query is fully encoded").toBe(query);
  for (const key of new Set(params.keys())) {
    expect(QUERY_KEYS.has(key), `query key ${key}`).toBe(true);
    expect(params.getAll(key), `one ${key}`).toHaveLength(1);
  }
  // An argument that makes the tool read every page (all_pages, a filter it applies itself)
  // re-cuts paging, so then only the service is checked.
  const pagedAsAsked = !Object.keys(args).some((k) => spec.recut.has(k));
  for (const key of pagedAsAsked && first ? spec.query : []) {
    const value = args[key];
    if (Object.hasOwn(args, key) && value !== null && typeof value !== "object")
      expect(params.get(key), `${key} round-trips`).toBe(String(value));
  }
  const asked = askedServices(args);
  if (asked && params.has("service_id"))
    expect(asked, "no other service is asked for").toContain(params.get("service_id"));
}

/** The services the arguments name (service_id, service_ids, source and target), if any. */
function askedServices(args: Args): unknown[] | undefined {
  const {
    service_id: one,
    service_ids: many,
    source_service_id: source,
    target_service_id: target,
  } = args;
  const named = [...(Array.isArray(many) ? many : []), one, source, target].filter(
    (id) => typeof id === "string",
  );
  return named.length > 0 ? named : undefined;
}

function checkWire(w: WireRequest, spec: ToolSpec, args: Args): void {
  for (const name of Object.keys(w.headers))
    expect(HEADERS.has(name), `header ${name} is one the client sends`).toBe(true);
  expect(w.headers["x-api-key"]).toBe(TEST_KEY);
  if (w.method === "GET" || w.method === "DELETE") {
    expect(w.body).toBe("");
    return;
  }
  const body: unknown = JSON.parse(w.body);
  expect(typeof body === "object" && body !== null && !Array.isArray(body)).toBe(true);
  if (w.url.startsWith(`${RESTORES}/lookup`)) {
    // plan_restore's target check: the plan's base backup and its source, the asked service.
    const { backup_id, service_id, ...other } = body as Record<string, unknown>;
    expect(other, "lookup body has backup_id and service_id only").toEqual({});
    expect(typeof backup_id).toBe("string");
    expect(askedServices(args), "lookup names the asked source").toContain(service_id);
    return;
  }
  if (!spec.known) return;
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields))
    expect([...spec.body, "external_storage"], `body field ${key}`).toContain(key);
  for (const key of spec.body)
    if (Object.hasOwn(args, key)) expect(fields[key], `${key} sent as given`).toEqual(args[key]);
  if (Object.hasOwn(fields, "external_storage")) checkStorageBody(fields, args);
}

/** external_storage {bucket_path, credentials} goes out as {bucket: {path, credentials: base64}}. */
function checkStorageBody(fields: Record<string, unknown>, args: Args): void {
  const given = args["external_storage"] as Record<string, unknown>;
  const file = given["credentials_file"];
  const text = typeof file === "string" ? readFileSync(file, "utf8") : given["credentials"];
  const expected: Record<string, unknown> = { path: given["bucket_path"] };
  if (typeof text === "string") expected["credentials"] = Buffer.from(text).toString("base64");
  expect(fields["external_storage"], "external_storage as the API takes it").toEqual({
    bucket: expected,
  });
}
