/**
 * A real server wired to a real emulator over HTTP on port 0, and a real MCP
 * Client talking to it over the SDK's in-memory transport.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { BackupsApi } from "../../src/api/client.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { createServer } from "../../src/server.js";

export const TEST_KEY = "test-key-9f8e7d6c5b4a";

export interface Harness {
  client: Client;
  emulator: RunningEmulator;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface HarnessOptions extends EmulatorOptions {
  /** Point the server at this URL instead of the emulator (e.g. a closed port). */
  apiUrl?: string;
  clientKey?: string;
  timeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ apiKey: TEST_KEY, ...options });
  const { client, close } = await connectClient(
    options.apiUrl ?? emulator.url,
    options.clientKey ?? TEST_KEY,
    options,
  );
  return {
    client,
    emulator,
    call: (name, args = {}) =>
      client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async close() {
      await close();
      await emulator.close();
    },
  };
}

export async function connectClient(
  apiUrl: string,
  apiKey: string,
  options: { timeoutMs?: number; now?: () => Date } = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const api = new BackupsApi({
    baseUrl: apiUrl,
    apiKey,
    timeoutMs: options.timeoutMs ?? 5_000,
    userAgent: "skybackup-mcp-test",
  });
  const server = createServer({ api, secrets: [apiKey], now: options.now });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
      await api.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (!result.structuredContent) throw new Error(`no structuredContent; text: ${textOf(result)}`);
  return result.structuredContent as T;
}
