/**
 * A minimal MCP client over Streamable HTTP for benchmarks: one POST per
 * tools/call on keep-alive connections, the answer's JSON-RPC message taken
 * from its SSE `data:` line with one JSON.parse, as bench/lib/rpc.ts does
 * for stdio. Stateless servers need no initialize before a call.
 */
import { Agent, request } from "undici";
import type { ToolCallResult } from "./rpc.js";

const PROTOCOL_VERSION = "2025-06-18";

interface RpcMessage {
  id?: unknown;
  result?: ToolCallResult;
  error?: { message: string };
}

export class HttpMcpClient {
  private readonly agent: Agent;
  private nextId = 1;

  /** connections: at least the calls in flight, so the client never queues. */
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    connections: number,
  ) {
    this.agent = new Agent({ connections, keepAliveTimeout: 30_000 });
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<ToolCallResult> {
    const id = this.nextId++;
    const response = await request(this.url, {
      method: "POST",
      dispatcher: this.agent,
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": PROTOCOL_VERSION,
        "x-api-key": this.apiKey,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name, arguments: args },
      }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`${name}: HTTP ${response.statusCode}: ${text}`);
    // The stream may carry progress notifications first; the answer is the message with our id.
    const message = text
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6)) as RpcMessage)
      .find((m) => m.id === id);
    if (message === undefined) throw new Error(`${name}: no answer in ${text.slice(0, 200)}`);
    if (message.error) throw new Error(`${name}: ${message.error.message}`);
    const result = message.result ?? {};
    if (result.isError) throw new Error(`${name} returned an error: ${result.content?.[0]?.text}`);
    return result;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
