/**
 * A real MCP client and server in memory, pointed at a fake API (fake-api.ts)
 * instead of the emulator: for answers the emulator never gives.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startFakeApi, type FakeHandler } from "./fake-api.js";
import { connectClient } from "./harness.js";

/** The key the server sends to a fake API; the harness scans every result for it. */
export const FAKE_KEY = "fake-api-key-0123456789";

export type FakeClientOptions = NonNullable<Parameters<typeof connectClient>[2]> & {
  apiKey?: string;
};

export interface FakeConnection {
  client: Client;
  /** "METHOD url" of every request the fake API received, in order. */
  seen: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Closes the client, the server and the fake API. */
  close(): Promise<void>;
}

export async function connectToFake(
  handler: FakeHandler,
  options: FakeClientOptions = {},
): Promise<FakeConnection> {
  const seen: string[] = [];
  const fake = await startFakeApi((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  const { apiKey = FAKE_KEY, ...settings } = options;
  const { client, close } = await connectClient(fake.url, apiKey, settings);
  return {
    client,
    seen,
    call: async (name, args = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
    async close() {
      await close();
      await fake.close();
    },
  };
}

/** One tool call against a fake API that lives only for that call. */
export async function callAgainstFake(
  handler: FakeHandler,
  name: string,
  args: Record<string, unknown> = {},
  options: FakeClientOptions = {},
): Promise<CallToolResult & { seen: string[] }> {
  const connection = await connectToFake(handler, options);
  try {
    return { ...(await connection.call(name, args)), seen: connection.seen };
  } finally {
    await connection.close();
  }
}
