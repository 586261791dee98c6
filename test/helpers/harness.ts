/**
 * A real server wired to a real emulator over HTTP on port 0, and a real MCP
 * Client talking to it over the SDK's in-memory transport.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Dispatcher } from "undici";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { BackupsApi } from "../../src/api/client.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator.js";
import { createServer, type ServerOptions } from "../../src/mcp/server.js";

export const TEST_KEY = "test-key-9f8e7d6c5b4a";

/**
 * The suite-wide secret scan: every tool result that passes through a harness
 * client is checked for the API key in use and every credential a test
 * registered; a leak fails the test that caused it.
 */
const SCANNED_SECRETS = new Set<string>();
export function registerTestSecret(secret: string): void {
  SCANNED_SECRETS.add(secret);
}

function assertNoSecrets(result: unknown, apiKey: string): void {
  const text = JSON.stringify(result);
  for (const secret of [apiKey, ...SCANNED_SECRETS]) {
    if (text.includes(secret))
      throw new Error(`secret leaked into a tool result: ${secret.slice(0, 4)}…`);
  }
}

export interface Harness {
  client: Client;
  emulator: RunningEmulator;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Server settings a test may vary (scope, confirmation, tool selection, deadline). */
export type ServerSettings = Pick<
  ServerOptions,
  "confirm" | "tools" | "deadlineMs" | "shutdownSignal" | "confirmationKey" | "credentialFiles"
> & {
  /** The server's --services scope (EmulatorOptions.services is the emulator's service count). */
  scope?: readonly string[];
};

export interface HarnessOptions extends EmulatorOptions, ServerSettings {
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
  options: ServerSettings & {
    timeoutMs?: number;
    now?: () => Date;
    maxRetries?: number;
    maxResponseBytes?: number;
    dispatcher?: Dispatcher;
  } = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const api = new BackupsApi({
    baseUrl: apiUrl,
    apiKey,
    timeoutMs: options.timeoutMs ?? 5_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: 5,
    maxResponseBytes: options.maxResponseBytes,
    dispatcher: options.dispatcher,
    userAgent: "skybackup-mcp-test",
  });
  const server = createServer({
    api,
    secrets: [apiKey],
    now: options.now,
    services: options.scope,
    confirm: options.confirm,
    confirmationKey: options.confirmationKey,
    tools: options.tools,
    deadlineMs: options.deadlineMs,
    shutdownSignal: options.shutdownSignal,
    credentialFiles: options.credentialFiles,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const callTool = client.callTool.bind(client);
  client.callTool = async (...args: Parameters<Client["callTool"]>) => {
    const result = await callTool(...args);
    assertNoSecrets(result, apiKey);
    return result;
  };
  return {
    client,
    async close() {
      await client.close();
      await server.close();
      await api.close();
    },
  };
}

/** Runs a destructive tool the way an agent must: preview, then the same call with the token. */
export async function callConfirmed(
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const preview = await call(name, args);
  const token = preview.structuredContent?.confirmation_token;
  if (typeof token !== "string")
    throw new Error(`expected a confirmation preview, got: ${textOf(preview)}`);
  return call(name, { ...args, confirmation_token: token });
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (!result.structuredContent) throw new Error(`no structuredContent; text: ${textOf(result)}`);
  return result.structuredContent as T;
}
