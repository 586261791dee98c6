/**
 * Tool calls through a real MCP client connected in memory: the CLI gets
 * exactly the validation, scoping and confirmation an assistant gets.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createServer, type ServerOptions } from "./server.js";

/** A tool result as the CLI prints it: the text parts joined, and the structured result. */
export interface CallOutcome {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

/** One server and one client kept open for several calls, as one assistant conversation. */
export interface InProcessSession {
  call(tool: string, args: Record<string, unknown>): Promise<CallOutcome>;
  close(): Promise<void>;
}

export async function openInProcessSession(options: ServerOptions): Promise<InProcessSession> {
  const server = createServer(options);
  const client = new Client({ name: "skybackup-mcp-cli", version: "1" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const close = async (): Promise<void> => {
    await client.close();
    await server.close();
  };
  try {
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    async call(tool, args) {
      const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      return {
        isError: result.isError === true,
        text: result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n"),
        structured: result.structuredContent,
      };
    },
    close,
  };
}

export async function callInProcess(
  options: ServerOptions,
  tool: string,
  args: Record<string, unknown>,
): Promise<CallOutcome> {
  const session = await openInProcessSession(options);
  try {
    return await session.call(tool, args);
  } finally {
    await session.close();
  }
}
