/**
 * One MCP exchange over Streamable HTTP, stateless: every POST gets a fresh
 * server and transport, so no request depends on an earlier one reaching
 * this process. Replicas behind any load balancer then serve one client.
 * Answers stream as SSE, so a call's progress notifications arrive before
 * its result on the same response.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createServer, type ServerOptions } from "./server.js";

export async function answerMcpPost(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  options: ServerOptions,
): Promise<void> {
  // No elicitation here without saying so: it needs the client's capabilities, which only
  // initialize carries, and the SDK refuses initialize batched with anything else, so the
  // server answering a call never knows them and the confirmation gate previews instead.
  const server = createServer(options);
  // No session id generator: stateless mode, no Mcp-Session-Id, nothing kept.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.once("close", () => {
    void transport.close().catch(() => undefined);
    void server.close().catch(() => undefined);
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
