/**
 * create_restore's secrets: the bucket credentials (inline or from a file)
 * and the encryption key. An API that echoes the whole request body, the
 * base64 credentials and the key in its error must not get them back to
 * the assistant, in the preview, the error, or the API key's place.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startFakeApi, withKnownService } from "../../helpers/fake-api.js";
import { connectClient, registerTestSecret, textOf } from "../../helpers/harness.js";

const API_KEY = "restore-echo-key-0123456789";
const TARGET = "dbrst12345678";
const PEM_LINE = "MIIEvQIBADANRESTORESECRETPEMLINE0042";
const GCP = JSON.stringify({
  type: "service_account",
  client_email: "restorer@acme.iam.gserviceaccount.com",
  private_key: `-----BEGIN PRIVATE KEY-----\n${PEM_LINE}\n-----END PRIVATE KEY-----\n`,
});
const AWS =
  "[default]\naws_access_key_id = AKIARESTORE0000KEYID\naws_secret_access_key = wJalrRESTORESECRETACCESSKEY0000\n";
const ENCRYPTION_KEY = "restore-encryption-key-5a4b3c2d1e";

describe("create_restore never shows the bucket credentials or the encryption key", () => {
  const dir = mkdtempSync(join(tmpdir(), "restore-secrets-"));
  const awsFile = join(dir, "aws.ini");
  let api: Awaited<ReturnType<typeof startFakeApi>>;
  const posted: string[] = [];

  beforeAll(async () => {
    writeFileSync(awsFile, AWS);
    for (const secret of [GCP, PEM_LINE, ENCRYPTION_KEY, "wJalrRESTORESECRETACCESSKEY0000"])
      registerTestSecret(secret);
    // Reads see a known target with no restores; the POST is refused with everything it was sent.
    api = await startFakeApi(
      withKnownService(TARGET, (req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
          posted.push(body);
          const sent = JSON.parse(body) as { external_source?: { credentials?: string } };
          const decoded = Buffer.from(sent.external_source?.credentials ?? "", "base64").toString();
          json(res, 400, {
            code: 400,
            message: `bad restore ${body} key ${String(req.headers["x-api-key"])} creds ${decoded}`,
          });
        });
      }),
    );
  });
  afterAll(() => api.close());

  it.for([
    ["inline GCP credentials", { bucket: "gs://b/", credentials: GCP }],
    ["an AWS credentials file", { bucket: "s3://b/", credentials_file: awsFile }],
  ] as const)(
    "%s, echoed back by the API, are scrubbed from preview and error",
    async ([, source]) => {
      const { client, close } = await connectClient(api.url, API_KEY);
      try {
        const args = {
          target_service_id: TARGET,
          external: {
            method: "mariabackup",
            file: "f.xb",
            encryption_key: ENCRYPTION_KEY,
            ...source,
          },
        };
        const call = async (extra: Record<string, unknown> = {}) =>
          (await client.callTool({
            name: "create_restore",
            arguments: { ...args, ...extra },
          })) as CallToolResult;
        const preview = await call();
        const token = preview.structuredContent?.confirmation_token;
        expect(typeof token).toBe("string");
        const failed = await call({ confirmation_token: token });
        expect(failed.isError).toBe(true);
        const text = textOf(failed);
        expect(text).toContain("400");
        expect(text).toContain("[redacted]");
        // The request did carry them: the scrubbing, not their absence, keeps them out.
        expect(posted.at(-1)).toContain(ENCRYPTION_KEY);
        const encoded = JSON.parse(posted.at(-1) ?? "{}").external_source.credentials as string;
        for (const result of [preview, failed]) {
          const all = JSON.stringify(result);
          for (const secret of [
            ENCRYPTION_KEY,
            encoded,
            PEM_LINE,
            "wJalrRESTORESECRETACCESSKEY0000",
            API_KEY,
          ])
            expect(all).not.toContain(secret);
        }
      } finally {
        await close();
      }
    },
  );

  it("the preview says where the credentials come from, and a file changed after it voids the token", async () => {
    const file = join(dir, "aws-changing.ini");
    writeFileSync(file, AWS);
    const { client, close } = await connectClient(api.url, API_KEY);
    try {
      const args = {
        target_service_id: TARGET,
        external: {
          method: "mariabackup",
          file: "f.xb",
          bucket: "s3://b/",
          credentials_file: file,
        },
      };
      const call = async (extra: Record<string, unknown> = {}) =>
        (await client.callTool({
          name: "create_restore",
          arguments: { ...args, ...extra },
        })) as CallToolResult;
      const preview = await call();
      expect(textOf(preview)).toContain(`credentials read by this server from "${file}"`);
      const before = posted.length;
      writeFileSync(file, AWS.replace("AKIARESTORE0000KEYID", "AKIAOTHERACCOUNT0000"));
      const confirmed = await call({
        confirmation_token: preview.structuredContent?.confirmation_token,
      });
      expect(confirmed.structuredContent?.token_refused).toBe("state_changed");
      expect(posted.length).toBe(before);
    } finally {
      await close();
    }
  });
});
