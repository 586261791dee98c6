import { describe, expect, it } from "vitest";
import { structured, textOf } from "../../helpers/harness.js";
import { json, withKnownService } from "../../helpers/fake-api.js";
import { callAgainstFake as callAgainst, FAKE_KEY as KEY } from "../../helpers/fake-client.js";

describe("data from the API is read leniently", () => {
  it("keeps unknown fields, passes unexpected enum values, coerces numeric strings", async () => {
    const result = await callAgainst(
      (_req, res) =>
        json(res, 200, {
          backups: [
            {
              id: "a",
              status: "Succeeded",
              cloud_provider: "onpred",
              backup_size: "2048",
              shiny_new_field: { x: 1 },
            },
            { id: 7, status: "SUCCEEDED", cloud_provider: "azure", start_time: 12 },
            "not an object",
          ],
          backups_count: "3",
          extra_top_level: true,
        }),
      "list_backups",
      {},
    );
    expect(result.isError).toBeFalsy();
    const page = structured<{
      backups: Array<Record<string, unknown>>;
      backups_count: number;
      pages_count: number;
    }>(result);
    expect(page.backups_count).toBe(3);
    expect(page.pages_count).toBe(1);
    expect(page.backups[0]).toMatchObject({
      cloud_provider: "onpred",
      backup_size: 2048,
      shiny_new_field: { x: 1 },
    });
    expect(page.backups[1]).toMatchObject({
      id: "7",
      status: "SUCCEEDED",
      cloud_provider: "azure",
      start_time: "12",
    });
    expect(page.backups[2]).toEqual({});
    expect(textOf(result)).toContain("2.04 kB");
  });

  it("an object without the list is an empty list, not a crash", async () => {
    // The service is known by a backup, so the empty schedule list is an honest "no schedules".
    const backup = { id: "b1", service_id: "dbabc12345678", status: "Succeeded" };
    const result = await callAgainst(
      (req, res) =>
        json(
          res,
          200,
          req.url?.includes("/schedules") ? {} : { backups: [backup], backups_count: 1 },
        ),
      "list_backup_schedules",
      { service_id: "dbabc12345678" },
    );
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ schedules: [], schedules_count: 0 });
    expect(textOf(result)).toContain(
      "No schedules: dbabc12345678 has 1 backup but no backup schedule",
    );
  });

  it.each([
    [null, 'expected a JSON object with "schedules", got null'],
    [[1, 2], 'expected a JSON object with "schedules", got an array'],
    [{ schedules: "many" }, 'expected "schedules" to be an array, got a string'],
  ])(
    "a body that makes no sense (%j) is a clear error naming the status",
    async (body, message) => {
      const result = await callAgainst(
        (_req, res) => json(res, 200, body),
        "list_backup_schedules",
        {
          service_id: "dbabc12345678",
        },
      );
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(
        `GET /skybackup/v1/backups/schedules?service_id=dbabc12345678&page=1&page_size=20 -> 200`,
      );
      expect(textOf(result)).toContain(message);
    },
  );

  it("an HTML error page becomes a clear error naming the status", async () => {
    const result = await callAgainst(
      (_req, res) => {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      },
      "get_backup_schedule",
      { id: 5 },
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("GET /skybackup/v1/backups/schedules/5 -> 502 Bad Gateway");
    expect(textOf(result)).toContain("try again");
  });

  it("a 200 that is not JSON is an error, not a crash", async () => {
    const result = await callAgainst(
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html>login</html>");
      },
      "list_backups",
      {},
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("expected JSON");
  });

  it("error details with extra fields and a string timestamp are shown", async () => {
    const result = await callAgainst(
      withKnownService("dbabc12345678", (_req, res) =>
        json(res, 403, {
          code: 403,
          timestamp: "2026-11-27T00:00:00Z",
          trace_id: "abc123",
          errors: [
            {
              error: "Forbidden",
              message: "role not allowed",
              solution: "ask an admin",
              type: "auth",
            },
          ],
        }),
      ),
      "create_backup_schedule",
      { service_id: "dbabc12345678", backup_type: "full", schedule: "once" },
    );
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain(
      'POST /skybackup/v1/backups/schedules -> 403 Forbidden: "role not allowed (ask an admin)" (trace_id abc123)',
    );
    expect(text).toContain("administrator role");
  });

  it("sends credentials base64-encoded with the key and org headers, and never echoes them", async () => {
    const gcp =
      '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nSECRETSECRET\\n"}';
    let seen: { body: Record<string, unknown>; headers: Record<string, unknown> } | undefined;
    const result = await callAgainst(
      withKnownService("dbabc12345678", (req, res) => {
        let text = "";
        req.on("data", (chunk: Buffer) => (text += chunk.toString()));
        req.on("end", () => {
          // A once backup first asks whether another backup of the service is running.
          if (req.method === "GET") return json(res, 200, { backups: [] });
          seen = { body: JSON.parse(text) as Record<string, unknown>, headers: req.headers };
          json(res, 200, {
            id: 253,
            service_id: "dbabc12345678",
            schedule: "once",
            type: "full",
            status: "Scheduled",
            credentials: gcp,
          });
        });
      }),
      "create_backup_schedule",
      {
        service_id: "dbabc12345678",
        backup_type: "full",
        schedule: "once",
        external_storage: { bucket_path: "gs://bucket/x", credentials: gcp },
      },
    );
    expect(result.isError).toBeFalsy();
    expect(seen?.body).toEqual({
      service_id: "dbabc12345678",
      backup_type: "full",
      schedule: "once",
      external_storage: {
        bucket: { path: "gs://bucket/x", credentials: Buffer.from(gcp).toString("base64") },
      },
    });
    expect(seen?.headers["x-api-key"]).toBe(KEY);
    expect(String(seen?.headers["user-agent"])).toContain("skybackup-mcp");
    expect(structured(result).id).toBe(253);
    expect(JSON.stringify(result)).not.toContain("SECRETSECRET");
  });
});
