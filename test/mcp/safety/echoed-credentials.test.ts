/**
 * An API that echoes parts of the storage credentials in an error: the
 * decoded private key, its id or the client e-mail, or a plain-text body
 * long enough to be cut short for the message. None of it may come back.
 */
import { describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startFakeApi, withKnownService } from "../../helpers/fake-api.js";
import { connectClient, textOf } from "../../helpers/harness.js";

const KEY = "echo-key-0123456789abcdef";
const SERVICE = "dbech12345678";
const PEM_LINE = "MIIEvQIBADANBgkqhkiGSECRETPEMBODYZZ9";
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${PEM_LINE}\n-----END PRIVATE KEY-----\n`;
const KEY_ID = "pkid0123456789abcdef";
const EMAIL = "backup-writer@acme-proj.iam.gserviceaccount.com";
// Pretty-printed, as a downloaded key file is: the private key is one JSON-escaped line.
const GCP = JSON.stringify(
  {
    type: "service_account",
    private_key_id: KEY_ID,
    private_key: PRIVATE_KEY,
    client_email: EMAIL,
  },
  null,
  2,
);

async function createWith(
  answer: (body: string) => { status: number; type: string; text: string },
) {
  const fake = await startFakeApi(
    withKnownService(SERVICE, (req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const { status, type, text } = answer(body);
        res.writeHead(status, { "content-type": type });
        res.end(text);
      });
    }),
  );
  const { client, close } = await connectClient(fake.url, KEY);
  try {
    return (await client.callTool({
      name: "create_backup_schedule",
      arguments: {
        service_id: SERVICE,
        backup_type: "full",
        schedule: "0 3 * * *",
        external_storage: { bucket_path: "gs://acme-backups/db", credentials: GCP },
      },
    })) as CallToolResult;
  } finally {
    await close();
    await fake.close();
  }
}

const leaks = (text: string) =>
  [PRIVATE_KEY, PEM_LINE, PEM_LINE.slice(0, 8), KEY_ID, EMAIL, KEY].filter((s) => text.includes(s));

describe("credentials echoed in an error never come back", () => {
  it("the decoded private key, its id and the client e-mail in a JSON error are scrubbed", async () => {
    const result = await createWith(() => ({
      status: 400,
      type: "application/json",
      text: JSON.stringify({
        code: 400,
        errors: [
          {
            error: "Bad Request",
            message: `cannot parse private key: ${PRIVATE_KEY} (key id ${KEY_ID} for ${EMAIL})`,
          },
        ],
      }),
    }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("cannot parse private key");
    expect(leaks(textOf(result))).toEqual([]);
    // An error carries text only: the text checked above is all of it.
    expect(result.structuredContent).toBeUndefined();
  });

  it("a plain-text body cut short for the message is scrubbed before the cut", async () => {
    // The body is cut at 160 characters: put a secret across that edge.
    const result = await createWith((body) => ({
      status: 500,
      type: "text/plain",
      text: `${"x".repeat(150)} ${PEM_LINE} ${KEY} request was ${body}`,
    }));
    expect(result.isError).toBe(true);
    expect(leaks(textOf(result))).toEqual([]);
    expect(textOf(result)).not.toContain(Buffer.from(GCP).toString("base64").slice(0, 12));
    expect(result.structuredContent).toBeUndefined();
  });
});
