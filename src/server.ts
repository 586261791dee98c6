/**
 * createServer: the one module that knows about MCP. It registers every tool
 * definition in one loop and wraps every run in one catch. No side effects
 * beyond the server it returns.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { BackupsApi } from "./api/client.js";
import { annotationsFor } from "./tools/annotations.js";
import type { ToolDefinition } from "./tools/define.js";
import { errorResult } from "./tools/error-result.js";
import { withoutSecretFields } from "./tools/redact.js";
import { ALL_TOOLS } from "./tools/index.js";
import { serverInstructions } from "./instructions.js";
import { VERSION } from "./version.js";

export interface ServerOptions {
  api: BackupsApi;
  demo?: boolean;
  /** Values that must never appear in any output (the API key). */
  secrets?: readonly string[];
  now?: () => Date;
  tools?: readonly ToolDefinition[];
}

export function createServer(options: ServerOptions): McpServer {
  const server = new McpServer(
    { name: "skybackup-mcp", version: VERSION },
    {
      instructions: serverInstructions({ demo: options.demo ?? false }),
      capabilities: { logging: {} },
    },
  );
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  for (const tool of options.tools ?? ALL_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: annotationsFor(tool.kind, tool.title),
      },
      // The SDK has already validated args against tool.input.
      async (args, extra): Promise<CallToolResult> => {
        try {
          const output = await tool.run(args, {
            api: options.api,
            signal: extra.signal,
            now,
            progress: progressReporter(extra),
          });
          return {
            structuredContent: withoutSecretFields(output.structured),
            content: [{ type: "text", text: output.text }],
          };
        } catch (error) {
          return errorResult(error, tool, secrets);
        }
      },
    );
  }
  return server;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function progressReporter(
  extra: Extra,
): (done: number, total: number | undefined, message?: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => undefined;
  return (progress, total, message) => {
    void extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined && { total }),
          ...(message && { message }),
        },
      })
      .catch(() => undefined);
  };
}
