/**
 * A caller's W3C traceparent, sent in a tool call's _meta, goes out on every
 * API request that call makes, so the caller's trace spans it; anything that
 * is not a valid traceparent is not forwarded (a stranger's text must not
 * become an outgoing header).
 */
import { describe, expect, it } from "vitest";
import { connectToFake } from "../../helpers/fake-client.js";
import { fakeAccount } from "../../helpers/fake-api.js";

const VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const SERVICE = "dbtgf28216706";

async function headersSent(meta: Record<string, unknown> | undefined): Promise<string[]> {
  const seen: (string | undefined)[] = [];
  const account = fakeAccount({
    backups: [
      { id: "b1", service_id: SERVICE, status: "Succeeded", type: "full" },
      { id: "b2", service_id: "dbqkr31007245", status: "Succeeded", type: "full" },
    ],
  });
  const connection = await connectToFake((req, res) => {
    const value = req.headers.traceparent;
    seen.push(Array.isArray(value) ? value.join(",") : value);
    account(req, res);
  });
  try {
    const result = await connection.client.callTool({
      name: "list_services",
      arguments: {},
      ...(meta && { _meta: meta }),
    });
    expect(result.isError).toBeFalsy();
  } finally {
    await connection.close();
  }
  // list_services reads backups and then each service's schedules: several requests.
  expect(seen.length).toBeGreaterThan(1);
  return seen.map((v) => v ?? "(none)");
}

describe("traceparent in a call's _meta", () => {
  it("goes out on every API request of that call", async () => {
    const sent = await headersSent({ traceparent: VALID });
    expect(new Set(sent)).toEqual(new Set([VALID]));
  });

  it("is not sent when the call carries none", async () => {
    expect(new Set(await headersSent(undefined))).toEqual(new Set(["(none)"]));
  });

  for (const [why, value] of [
    ["a forged second header", `${VALID}\r\nx-api-key: stolen`],
    ["an all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["an all-zero parent id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["too short", "00-4bf92f35-00f067aa0ba902b7-01"],
    ["not a string", 42],
  ] as const) {
    it(`is dropped when invalid: ${why}`, async () => {
      expect(new Set(await headersSent({ traceparent: value }))).toEqual(new Set(["(none)"]));
    });
  }
});
