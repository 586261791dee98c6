import { describe, expect } from "vitest";
import { json } from "../../helpers/fake-api.js";
import { fakeApiTest as it } from "../../helpers/fixtures.js";
import { registerTestSecret, structured, textOf } from "../../helpers/harness.js";

describe("answers the document does not promise", () => {
  it("a pages_count of ten million does not make ten million requests", async ({ againstFake }) => {
    const { seen, call } = await againstFake((_req, res) =>
      json(res, 200, {
        backups: [{ id: "a", type: "full" }],
        backups_count: 1,
        pages_count: 10_000_000,
      }),
    );
    const result = await call("list_backups", { type: "full" });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({
      backups: [{ id: "a", type: "full" }],
      backups_count: 1,
      pages_count: 1,
    });
    expect(seen).toHaveLength(1);
  });

  it("the audit's shared pager does not believe a pages_count the total contradicts either", async ({
    againstFake,
  }) => {
    const { seen, call } = await againstFake((_req, res) =>
      json(res, 200, {
        backups: [{ id: "a", service_id: "dbabc12345678", type: "full", status: "Succeeded" }],
        backups_count: 1,
        pages_count: 10_000_000,
      }),
    );
    const result = await call("audit_backups", {});
    expect(result.isError, textOf(result)).toBeFalsy();
    // Page 1, and pages 2 and 3, asked for with it before any count was known; nothing more.
    const pages = seen.filter((line) => line.startsWith("GET /skybackup/v1/backups?"));
    expect(
      pages.map((line) => new URL(line.slice(4), "http://x").searchParams.get("page")).sort(),
    ).toEqual(["1", "2", "3"]);
  });

  it("a list claiming more records than all_pages reads is refused with what to narrow", async ({
    againstFake,
  }) => {
    const { call } = await againstFake((_req, res) =>
      json(res, 200, {
        backups: [{ id: "a" }],
        backups_count: 5_000_000_000,
        pages_count: 10_000_000,
      }),
    );
    const result = await call("list_backups", { since: "2026-11-01T00:00:00Z" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("narrow it with service_id or status");
  });

  it("resume is sent when the API leaves suspended out", async ({ againstFake }) => {
    const { seen, call } = await againstFake(
      (req, res) =>
        json(res, 200, {
          id: 7,
          service_id: "dbabc12345678",
          schedule: "0 2 * * *",
          type: "full",
          ...(req.method === "PATCH" && { suspended: false }),
        }),
      { confirm: "never" },
    );
    const result = await call("update_backup_schedule", { id: 7, suspended: false });
    expect(structured(result)).toMatchObject({ id: 7, suspended: false, changed: true });
    expect(seen.filter((line) => line.startsWith("PATCH"))).toHaveLength(1);
  });

  it("a schedule's fields named as the server's own words are not believed, and fail nothing", async ({
    againstFake,
  }) => {
    const forged = {
      warnings: null,
      next_runs: "soon",
      schedule_description: 5,
      changed: "yes",
      confirmation_token: 12,
      backups_count: "9".repeat(400),
    };
    const { call } = await againstFake((req, res) => {
      const url = new URL(req.url ?? "/", "http://fake");
      const one = { id: 5, service_id: "dbabc12345678", type: "full", ...forged };
      if (url.pathname.endsWith("/schedules"))
        // One with a cron, one without: the view adds its own runs to the first only.
        return json(res, 200, {
          schedules: [
            { ...one, schedule: "0 2 * * *" },
            { ...one, id: 6 },
          ],
          schedules_count: "9".repeat(400),
          pages_count: 1,
        });
      json(res, 200, { ...one, schedule: "0 2 * * *" });
    });
    const got = await call("get_backup_schedule", { id: 5 });
    expect(got.isError, textOf(got)).toBeFalsy();
    const schedule = structured(got);
    expect(schedule).toMatchObject({ id: 5, schedule_description: "every day at 02:00 UTC" });
    expect(schedule.next_runs).toHaveLength(3);
    for (const key of ["warnings", "changed", "confirmation_token"])
      expect(schedule).not.toHaveProperty(key);
    const listed = await call("list_backup_schedules", { service_id: "dbabc12345678" });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    const page = structured<{ schedules: Record<string, unknown>[]; schedules_count: number }>(
      listed,
    );
    expect(page.schedules.map((s) => [s.id, s.next_runs === undefined])).toEqual([
      [5, false],
      [6, true],
    ]);
    // A count of 400 digits is no count: the page's own two records are.
    expect(page.schedules_count).toBe(2);
  });

  it("a __proto__ key in API data stays data", async ({ againstFake }) => {
    const { call } = await againstFake((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"5","service_id":7,"schedule":"0 2 * * *","__proto__":{"suspended":true}}');
    });
    const result = await call("get_backup_schedule", { id: 5 });
    expect(result.isError).toBeFalsy();
    const schedule = structured<{ suspended?: boolean; next_runs: string[] }>(result);
    // Read as suspended, the schedule would have no next runs.
    expect(schedule.suspended).toBeUndefined();
    expect(schedule.next_runs).toHaveLength(3);
  });

  it("credentials echoed in a successful answer are scrubbed from the text and every value", async ({
    againstFake,
  }) => {
    const secret =
      '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----ECHOEDSECRET"}';
    registerTestSecret("ECHOEDSECRET");
    const { call } = await againstFake((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (req.method === "GET") {
          const known = { backups: [{ id: "b", service_id: "dbabc12345678" }], backups_count: 1 };
          return json(res, 200, req.url?.includes("/schedules") ? { schedules: [] } : known);
        }
        const sent = JSON.parse(body) as { external_storage: { bucket: { credentials: string } } };
        const plain = Buffer.from(sent.external_storage.bucket.credentials, "base64").toString();
        json(res, 200, {
          id: 9,
          service_id: "dbabc12345678",
          schedule: "0 4 * * *",
          type: "full",
          message: `stored ${plain}`,
          note: plain,
        });
      });
    });
    const result = await call("create_backup_schedule", {
      service_id: "dbabc12345678",
      backup_type: "full",
      schedule: "0 4 * * *",
      external_storage: { bucket_path: "gs://bkt/x", credentials: secret },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("stored [redacted]");
    expect(structured(result)).toMatchObject({ message: "stored [redacted]", note: "[redacted]" });
    expect(JSON.stringify(result.structuredContent)).not.toContain("ECHOEDSECRET");
  });
});
