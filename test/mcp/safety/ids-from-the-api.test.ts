/**
 * Ids the API hands back are checked by the same rules as ids a caller
 * sends before any request carries them again. An upstream that is not the
 * emulator serves service ids such as "ab", "../x", "x?y=1" or "dbx\n123",
 * schedule ids such as 1.5 or 0, and a base backup id "../evil": every
 * request the server makes is recorded, none may carry such an id, every
 * tool still answers, and the answer names what it skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { json, startFakeApi } from "../../helpers/fake-api.js";
import { connectClient, textOf } from "../../helpers/harness.js";

const KEY = "api-ids-key-0123456789";
const GOOD = "dbgood0000001";
const TARGET = "dbscratch0001";

/** Service ids no caller could send: too short or long, path and query syntax, controls, non-ASCII. */
const BAD_SERVICE_IDS = [
  "ab",
  "42",
  "../x",
  "a b",
  "x?y=1",
  "x&y=1",
  "x#frag",
  "x%2Fy",
  "dbx\n123",
  "..",
  "dbé000000001",
  "d".repeat(70),
];
/** A base backup id that would leave its JSON field as a path. */
const BAD_BACKUP_ID = "../evil";
/** Schedule ids no caller could send; only #11 may be addressed. */
const BAD_SCHEDULE_IDS = [1.5, 0, -3, 2 ** 40, "x/y"];

const HOUR = 3_600_000;
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();
const full = (id: string, serviceId: string, name: string, hours: number) => ({
  id,
  service_id: serviceId,
  service_name: name,
  type: "full",
  status: "Succeeded",
  start_time: ago(hours),
  end_time: ago(hours - 0.1),
  point_in_time: ago(hours - 0.1),
});
const schedule = (id: unknown, serviceId: string, cron: string) => ({
  id,
  service_id: serviceId,
  type: "full",
  schedule: cron,
  suspended: false,
});

const HOSTILE = {
  backups: [
    ...BAD_SERVICE_IDS.map((id, i) => full(`odd${i}`, id, i === 0 ? "orders-prod" : `odd-${i}`, 2)),
    full(BAD_BACKUP_ID, GOOD, "good", 3),
    full("t1", TARGET, "scratch", 4),
  ],
  schedules: [
    schedule(11, GOOD, "0 2 * * *"),
    ...BAD_SCHEDULE_IDS.map((id, i) => schedule(id, GOOD, `0 ${3 + i} * * *`)),
    schedule(21, TARGET, "0 2 * * *"),
  ],
};
const HEALTHY = {
  backups: [full("g1", GOOD, "good", 3), full("t1", TARGET, "scratch", 4)],
  schedules: [schedule(11, GOOD, "0 2 * * *"), schedule(21, TARGET, "0 2 * * *")],
};

interface Seen {
  method: string;
  path: string;
  /** Each path segment, decoded. */
  segments: string[];
  query: [string, string][];
  body: unknown;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => resolve(text === "" ? undefined : (JSON.parse(text) as unknown)));
  });
}

/** A fake Backups API over `data` that honours the service_id filter and records every request. */
async function startRecordingApi(data: typeof HOSTILE) {
  const seen: Seen[] = [];
  const fake = await startFakeApi((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? "/", "http://fake");
      const path = url.pathname;
      const segments = path.split("/").map((s) => decodeURIComponent(s));
      seen.push({ method: req.method ?? "?", path, segments, query: [...url.searchParams], body });
      const service = url.searchParams.get("service_id");
      const mine = <T extends { service_id?: unknown }>(rows: readonly T[]) =>
        service === null ? rows : rows.filter((r) => r.service_id === service);
      if (req.method === "PATCH")
        return json(res, 200, {
          ...schedule(Number(segments.at(-1)), GOOD, "0 2 * * *"),
          suspended: true,
        });
      if (path === "/skybackup/v1/backups/schedules/7")
        return json(res, 200, schedule(7, "ab", "0 2 * * *"));
      if (path.endsWith("/schedules")) {
        const rows = mine(data.schedules);
        return json(res, 200, { schedules: rows, schedules_count: rows.length, pages_count: 1 });
      }
      if (path === "/skybackup/v1/restores/5")
        return json(res, 200, { id: 5, service_id: "ab", status: "Running", created_at: ago(1) });
      if (path.endsWith("/restores/lookup"))
        return json(res, 200, { services: [{ service_id: TARGET, service_name: "scratch" }] });
      if (path.endsWith("/pointintime/lookup")) return json(res, 200, { services: [] });
      if (req.method === "POST" && path === "/skybackup/v1/restores")
        return json(res, 200, { id: "0x10", service_id: TARGET, status: "Running" });
      if (path.endsWith("/restores"))
        return json(res, 200, { restores: [], restores_count: 0, pages_count: 1 });
      const rows = mine(data.backups);
      json(res, 200, { backups: rows, backups_count: rows.length, pages_count: 1 });
    });
  });
  return { ...fake, seen };
}

// An independent statement of what the API's document allows, so the test does not grade
// the server with the server's own function.
const VALID_SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{4,63}$/;
const VALID_RECORD_ID = /^[1-9]\d{0,9}$/;

/** Every place a request carried an id, and the ids that should never have been sent. */
function badIdsIn(requests: readonly Seen[]): string[] {
  const bad: string[] = [];
  const forbidden = new Set<unknown>([...BAD_SERVICE_IDS, BAD_BACKUP_ID, ...BAD_SCHEDULE_IDS]);
  for (const r of requests) {
    const where = `${r.method} ${r.path}`;
    const values = [...r.segments, ...r.query.map(([, v]) => v), ...Object.values(bodyOf(r))];
    for (const v of values) if (forbidden.has(v)) bad.push(`${where}: ${JSON.stringify(v)}`);
    for (const [k, v] of r.query)
      if (k === "service_id" && !VALID_SERVICE_ID.test(v)) bad.push(`${where}: ?service_id=${v}`);
    const body = bodyOf(r);
    if (body.service_id !== undefined && !VALID_SERVICE_ID.test(String(body.service_id)))
      bad.push(`${where}: body service_id ${JSON.stringify(body.service_id)}`);
    if (typeof body.backup_id === "string" && body.backup_id.includes(".."))
      bad.push(`${where}: body backup_id ${body.backup_id}`);
    const [, , , kind, id] = r.segments;
    if (kind === "backups" && id !== undefined && id !== "schedules" && !VALID_SERVICE_ID.test(id))
      bad.push(`${where}: path service id`);
    const last = r.segments.at(-1) ?? "";
    if (/\/(schedules|restores)\/[^/]+$/.test(r.path) && !/^(lookup)$/.test(last))
      if (!VALID_RECORD_ID.test(last)) bad.push(`${where}: path record id`);
  }
  return bad;
}

/**
 * Ids as they read once the API's text is made safe: a newline may have become a space, and an
 * odd id may be held in quotes as data. Either way it is the same id, and still not sendable.
 */
function asRead(id: string): string {
  let text = id;
  if (/^".*"$/.test(text)) text = JSON.parse(text) as string;
  return text.replace(/\s/g, " ");
}

const bodyOf = (r: Seen): Record<string, unknown> =>
  typeof r.body === "object" && r.body !== null ? (r.body as Record<string, unknown>) : {};

describe("ids read back from the API are checked before they are sent again", () => {
  let fake: Awaited<ReturnType<typeof startRecordingApi>>;
  let client: Awaited<ReturnType<typeof connectClient>>;
  beforeAll(async () => {
    fake = await startRecordingApi(HOSTILE);
    client = await connectClient(fake.url, KEY);
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  /** One call: its result, and the requests it made. */
  async function call(name: string, args: Record<string, unknown> = {}) {
    fake.seen.length = 0;
    const result = (await client.client.callTool({ name, arguments: args })) as CallToolResult;
    return { result, text: textOf(result), requests: [...fake.seen] };
  }

  it("list_services lists every service, reads no schedules by a bad id, and names each one it skipped", async () => {
    const { result, text, requests } = await call("list_services");
    expect(result.isError, text).toBeFalsy();
    expect(badIdsIn(requests)).toEqual([]);
    // The good services' schedules are still read.
    expect(requests.map((r) => r.query.find(([k]) => k === "service_id")?.[1])).toContain(GOOD);
    const structured = result.structuredContent as {
      services_count: number;
      invalid_service_ids?: string[];
    };
    expect(structured.services_count).toBe(BAD_SERVICE_IDS.length + 2);
    expect(structured.invalid_service_ids?.map(asRead).sort()).toEqual(
      BAD_SERVICE_IDS.map(asRead).sort(),
    );
    // One line each, ten at most; the rest are counted (the whole list is in structuredContent).
    const lines = text.split("\n").filter((l) => l.includes("from the API is not a valid"));
    expect(lines).toHaveLength(10);
    expect(text).toContain("2 more service ids from the API are not valid (structuredContent).");
    // Quoted: the newline in "dbx\n123" never starts a line of its own.
    expect(lines.some((l) => /^service id ".*dbx.*123.*" from the API/.test(l))).toBe(true);
    expect(text.split("\n").some((l) => l.startsWith("123"))).toBe(false);
  });

  it("audit_backups reads nothing by a bad id, warns about each one, and gives no all-clear", async () => {
    const { result, text, requests } = await call("audit_backups");
    expect(result.isError, text).toBeFalsy();
    expect(badIdsIn(requests)).toEqual([]);
    const report = result.structuredContent as {
      verdict: string;
      findings: { service_id: string; kind: string; severity: string; message: string }[];
      notes?: string[];
    };
    const skipped = report.findings.filter((f) => f.kind === "invalid_service_id");
    expect(skipped.map((f) => asRead(f.service_id)).sort()).toEqual(
      BAD_SERVICE_IDS.map(asRead).sort(),
    );
    expect(skipped.every((f) => f.severity === "warning")).toBe(true);
    expect(report.verdict).toBe("warning");
    expect(report.findings).toContainEqual({
      severity: "warning",
      service_id: "../x",
      kind: "invalid_service_id",
      message:
        'service id "../x" from the API is not a valid service id, so it was not sent back: its schedules and restores were not read, and whether it is protected is unknown',
    });
    // The restores into a skipped service are unknown, so no service is called unproven.
    expect(report.notes?.join(" ")).toMatch(/restore history unreadable for 12 of 14 services/);
    expect(report.findings.map((f) => f.kind)).not.toContain("restore_unproven");
  });

  it("list_backups shows the odd records as they are, and follows none of them up", async () => {
    const { result, text, requests } = await call("list_backups", { page_size: 50 });
    expect(result.isError, text).toBeFalsy();
    expect(badIdsIn(requests)).toEqual([]);
    const { backups } = result.structuredContent as { backups: { id: string }[] };
    expect(backups.map((b) => b.id)).toEqual([
      ...BAD_SERVICE_IDS.map((_, i) => `odd${i}`),
      BAD_BACKUP_ID,
      "t1",
    ]);
  });

  it("a service name never gets a bad id suggested for it", async () => {
    // "orders-prod" is the name on the backups of service "ab": that id is no answer.
    const { result, text, requests } = await call("list_backup_schedules", {
      service_id: "orders-prod",
    });
    expect(result.isError).toBe(true);
    expect(badIdsIn(requests)).toEqual([]);
    expect(text).toContain("no backups or schedules are known for orders-prod");
    expect(text).not.toContain("its id is");
  });

  it("plan_restore does not look up targets for a base backup whose id is bad, and says so", async () => {
    const { result, text, requests } = await call("plan_restore", {
      service_id: GOOD,
      target_time: "latest",
      target_service_id: TARGET,
    });
    expect(result.isError, text).toBeFalsy();
    expect(badIdsIn(requests)).toEqual([]);
    expect(requests.map((r) => r.path)).not.toContain("/skybackup/v1/restores/lookup");
    const target = (result.structuredContent as { target: { ready: boolean; notes?: string[] } })
      .target;
    expect(target.ready).toBe(false);
    expect(target.notes).toEqual([
      'eligibility not looked up: backup id "../evil" from the API is not a valid backup id, so it was not sent',
    ]);
  });

  it("get_restore does not read the history of a target whose id is bad, and says so", async () => {
    const { result, text, requests } = await call("get_restore", { id: 5 });
    expect(result.isError, text).toBeFalsy();
    expect(badIdsIn(requests)).toEqual([]);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /skybackup/v1/restores/5"]);
    expect(text).toContain(
      'no history to compare: service id "ab" from the API is not a valid service id, so its past restores were not read',
    );
  });

  for (const [tool, args] of [
    ["update_backup_schedule", { id: 7, suspended: true }],
    ["delete_backup_schedule", { id: 7 }],
  ] as const) {
    it(`${tool} previews a schedule of a bad service id without reading its siblings by that id`, async () => {
      const { result, text, requests } = await call(tool, args);
      expect(result.isError, text).toBeFalsy();
      expect(badIdsIn(requests)).toEqual([]);
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /skybackup/v1/backups/schedules/7",
      ]);
      expect(result.structuredContent).toMatchObject({
        id: 7,
        current: { id: 7, service_id: "ab" },
        confirmation_required: true,
        warnings: [
          `could not read the service's other schedules: service id "ab" from the API is not a valid service id, so it was not sent; losses such as the end of point-in-time recovery were not checked.`,
        ],
      });
    });
  }

  it("suspend_service_schedules changes only the schedule whose id is valid, and lists the others", async () => {
    const args = { service_id: GOOD, suspended: true };
    const preview = await call("suspend_service_schedules", args);
    expect(preview.result.isError, preview.text).toBeFalsy();
    const token = (preview.result.structuredContent as { confirmation_token: string })
      .confirmation_token;
    const done = await call("suspend_service_schedules", { ...args, confirmation_token: token });
    expect(done.result.isError, done.text).toBeFalsy();
    expect(preview.result.structuredContent).toMatchObject({ to_change: [11], unchanged: [] });
    expect(done.result.structuredContent).toMatchObject({ changed: [11], unchanged: [] });
    expect(badIdsIn(done.requests)).toEqual([]);
    expect(done.requests.filter((r) => r.method === "PATCH").map((r) => r.path)).toEqual([
      "/skybackup/v1/backups/schedules/11",
    ]);
    // The ids left out are named in the text only.
    expect(preview.text).toContain(
      'Left out, their ids are not valid schedule ids: 1.5, 0, -3, 1099511627776, "x/y".',
    );
  });

  it("every other read tool answers without sending a bad id", async () => {
    const calls: [string, Record<string, unknown>][] = [
      ["list_backups", { all_pages: true }],
      ["list_service_backups", { service_id: GOOD }],
      ["list_backup_schedules", { service_id: GOOD }],
      ["list_restores", { service_id: TARGET }],
      [
        "create_restore",
        { source_service_id: GOOD, target_time: "latest", target_service_id: TARGET },
      ],
    ];
    for (const [name, args] of calls) {
      const { text, requests } = await call(name, args);
      expect(badIdsIn(requests), `${name}: ${text}`).toEqual([]);
    }
  });
});

describe("a restore the API starts under a bad id", () => {
  it("create_restore says get_restore cannot follow it, instead of offering the id", async () => {
    const source = "dbsource00001";
    const backupId = `${"cd".repeat(16)}:${source}:pod-0`;
    const fake = await startRecordingApi({
      backups: [full(backupId, source, "source", 3), full("t1", TARGET, "scratch", 4)],
      schedules: [],
    });
    const { client, close } = await connectClient(fake.url, KEY);
    try {
      const args = { source_service_id: source, backup_id: backupId, target_service_id: TARGET };
      const preview = (await client.callTool({
        name: "create_restore",
        arguments: args,
      })) as CallToolResult;
      const token = (preview.structuredContent as { confirmation_token?: string })
        .confirmation_token;
      expect(token, textOf(preview)).toBeDefined();
      const started = (await client.callTool({
        name: "create_restore",
        arguments: { ...args, confirmation_token: token },
      })) as CallToolResult;
      expect(started.isError, textOf(started)).toBeFalsy();
      expect(badIdsIn(fake.seen)).toEqual([]);
      // "0x10" is no restore id: Number() would have made it 16, another restore.
      expect(started.structuredContent).toMatchObject({
        created: true,
        target_service_id: TARGET,
        status: "Running",
      });
      expect(started.structuredContent).not.toHaveProperty("restore_id");
      expect(textOf(started)).toContain(
        `restore id "0x10" from the API is not a valid restore id, so get_restore cannot follow it: watch list_restores for ${TARGET} until it ends.`,
      );
    } finally {
      await close();
      await fake.close();
    }
  });
});

describe("a healthy account stays quiet", () => {
  it("list_services and audit_backups say nothing about ids", async () => {
    const fake = await startRecordingApi(HEALTHY);
    const { client, close } = await connectClient(fake.url, KEY);
    try {
      const services = (await client.callTool({
        name: "list_services",
        arguments: {},
      })) as CallToolResult;
      expect(textOf(services)).not.toContain("from the API is not a valid");
      expect(services.structuredContent).not.toHaveProperty("invalid_service_ids");
      const audit = (await client.callTool({
        name: "audit_backups",
        arguments: {},
      })) as CallToolResult;
      expect(textOf(audit)).not.toContain("from the API is not a valid");
      const report = audit.structuredContent as { findings: { kind: string }[]; notes?: string[] };
      expect(report.findings.map((f) => f.kind)).not.toContain("invalid_service_id");
      expect(report.notes).toBeUndefined();
    } finally {
      await close();
      await fake.close();
    }
  });
});
