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
    } finally {
      await close();
      await echo.close();
    }
  });
});
