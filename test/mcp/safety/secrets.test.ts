import { beforeAll, describe, expect, it } from "vitest";
import { connectClient, registerTestSecret, textOf } from "../../helpers/harness.js";
import { json, startFakeApi } from "../../helpers/fake-api.js";

const KEY = "sk-live-0123456789abcdefSECRET";
const GCP =
  '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}';

describe("secrets never appear in results or errors", () => {
  beforeAll(() => {
    registerTestSecret(GCP);
    registerTestSecret("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
  });

  it("an API that echoes the key and the credentials in errors and bodies is scrubbed", async () => {
    const encoded = Buffer.from(GCP).toString("base64");
    const echo = await startFakeApi((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () =>
        json(res, 400, {
          code: 400,
          errors: [
            {
              error: "Bad Request",
              message: `bad key ${String(req.headers["x-api-key"])} body ${body} ${encoded}`,
            },
          ],
          credentials: GCP,
        }),
      );
    });
    const { client, close } = await connectClient(echo.url, KEY);
    try {
      const result = await client.callTool({
        name: "create_backup_schedule",
        arguments: {
          service_id: "dbabc12345678",
          backup_type: "full",
          schedule: "once",
          external_storage: { bucket_path: "gs://bkt", credentials: GCP },
        },
      });
      expect(result.isError).toBe(true);
      const text = textOf(result as never);
      expect(text).toContain("[redacted]");
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(encoded);
      expect(text).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
      // An error carries text only: the text checked above is all of it.
      expect(result.structuredContent).toBeUndefined();
    } finally {
      await close();
      await echo.close();
    }
  });

  it("a successful answer that carries the key in any field has it scrubbed from structuredContent too", async () => {
    // A backup record naming the caller's key: the API's strings are a stranger's.
    const echo = await startFakeApi((req, res) =>
      json(res, 200, {
        backups: [
          {
            id: "b1",
            service_id: "dbabc12345678",
            service_name: `prod ${String(req.headers["x-api-key"])}`,
            type: "full",
            status: "Succeeded",
            start_time: "2026-12-01T02:00:00Z",
            end_time: "2026-12-01T02:10:00Z",
            point_in_time: "2026-12-01T02:10:00Z",
            backup_size: 10,
          },
        ],
        backups_count: 1,
        pages_count: 1,
      }),
    );
    const { client, close } = await connectClient(echo.url, KEY);
    try {
      for (const name of ["list_backups", "list_services"]) {
        const result = await client.callTool({ name, arguments: {} });
        expect(result.isError, textOf(result as never)).toBeFalsy();
        const structured = JSON.stringify(result.structuredContent);
        expect(structured, name).toContain("prod [redacted]");
        expect(structured, name).not.toContain(KEY);
        expect(textOf(result as never), name).not.toContain(KEY);
      }
    } finally {
      await close();
      await echo.close();
    }
  });
});
