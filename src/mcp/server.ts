/**
 * createServer: the one module that registers MCP tools. Every definition is
 * registered in one loop and every run is wrapped in one catch; each call
 * gets its own deadline, the shutdown signal, and a secret list to scrub.
 * No side effects beyond the server it returns.
 */
import { metrics } from "../util/metrics.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { BackupsApi } from "../api/client.js";
import type { ConfirmMode } from "../config/config.js";
import { serverInstructions } from "./instructions.js";
import { toolListFor } from "./tool-list.js";
import { progressReporter, userAsker } from "./call-context.js";
import { registerPrompts } from "./prompts.js";
import { createConfirmGate } from "../safety/confirm.js";
import { ConfirmationTokens } from "../safety/confirmation-tokens.js";
import { ServiceScope } from "../safety/scope.js";
import { readCredentialsFile, type CredentialFileAccess } from "../safety/credential-files.js";
import { annotationsFor } from "./annotations.js";
import type { ToolDefinition } from "../tools/define.js";
import { errorResult } from "./error-result.js";
import { ALL_TOOLS } from "../tools/index.js";
import { redact, redactValues, withoutSecretFields } from "../safety/redact.js";
import { SERVER_INFO } from "./server-info.js";
import { callOutcome, countingApi, type ToolCallLog } from "./tool-call-record.js";
import { traceparentOf, withTraceparent } from "../api/transport.js";

export interface ServerOptions {
  api: BackupsApi;
  demo?: boolean;
  /** Values that must never appear in any output (the API key). */
  secrets?: readonly string[];
  now?: () => Date;
  tools?: readonly ToolDefinition[];
  services?: readonly string[];
  confirm?: ConfirmMode;
  /**
   * Signs confirmation tokens (confirmationKey(apiKey, orgId)), so a token
   * verifies in every process with the same credentials. Without it tokens
   * are good only in this process.
   */
  confirmationKey?: Buffer;
  /**
   * The token book to use instead of a new one. Team mode keeps one per
   * user across requests, so a used token stays used in this process.
   */
  confirmationTokens?: ConfirmationTokens;
  /** Overall budget of one tool call. */
  deadlineMs?: number;
  /** Told of every tool call as it ends (team mode's access log). */
  onToolCall?: ToolCallLog;
  /** Aborted at shutdown so in-flight requests stop. */
  shutdownSignal?: AbortSignal;
  /** Counts tool calls in flight, so a graceful shutdown can let them finish. */
  inFlight?: { count: number };
  /**
   * Which files a caller may have read as credentials_file. Default "local"
   * (stdio: the caller is this machine's user); team mode passes "none" or
   * the operator's folder, and lists the tools' inputs without server files.
   */
  credentialFiles?: CredentialFileAccess;
}

/**
 * One JSON Schema validator for every server of the process. The SDK builds
 * a new Ajv per server by default, which is most of what a fresh server
 * costs, and team mode makes one per request.
 */
let validator: AjvJsonSchemaValidator | undefined;
const LOCAL_FILES: CredentialFileAccess = { kind: "local" };

/**
 * The tools as offered to callers for whom the server reads no files: the
 * same definitions with their inputWithoutServerFiles, made once per tool
 * selection (team mode builds a server per request; tools/list is cached by
 * the array's identity).
 */
const withoutServerFiles = new WeakMap<readonly ToolDefinition[], readonly ToolDefinition[]>();

function offeredTools(
  tools: readonly ToolDefinition[],
  access: CredentialFileAccess,
): readonly ToolDefinition[] {
  if (access.kind !== "none") return tools;
  let offered = withoutServerFiles.get(tools);
  if (offered === undefined) {
    offered = tools.map((tool) =>
      tool.inputWithoutServerFiles ? { ...tool, input: tool.inputWithoutServerFiles } : tool,
    );
    withoutServerFiles.set(tools, offered);
  }
  return offered;
}

export function createServer(options: ServerOptions): McpServer {
  const fileAccess = options.credentialFiles ?? LOCAL_FILES;
  const tools = offeredTools(options.tools ?? ALL_TOOLS, fileAccess);
  const scope = new ServiceScope(options.services);
  const confirmMode = options.confirm ?? "always";
  const server = new McpServer(SERVER_INFO, {
    instructions: serverInstructions({
      demo: options.demo ?? false,
      tools,
      confirm: confirmMode,
      scope: scope.services,
    }),
    capabilities: { logging: {} },
    jsonSchemaValidator: (validator ??= new AjvJsonSchemaValidator()),
  });
  const now = options.now ?? (() => new Date());
  const tokens =
    options.confirmationTokens ??
    new ConfirmationTokens(options.confirmationKey, () => now().getTime());
  const deadlineMs = options.deadlineMs ?? 120_000;

  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: annotationsFor(tool.kind),
      },
      // The SDK has already validated args against tool.input.
      async (args, extra): Promise<CallToolResult> => {
        const secrets = [...(options.secrets ?? [])];
        const baseSecrets = secrets.length;
        const signals = [extra.signal, AbortSignal.timeout(deadlineMs)];
        if (options.shutdownSignal) signals.push(options.shutdownSignal);
        const signal = AbortSignal.any(signals);
        if (options.inFlight) options.inFlight.count += 1;
        const started = performance.now();
        // The sink of the call's start: metrics switched on meanwhile must not see only its end.
        const sink = metrics();
        sink.toolCallStarted();
        let ended = false;
        const counted = options.onToolCall ? countingApi(options.api) : undefined;
        const logged = (result: CallToolResult): CallToolResult => {
          if (ended) return result;
          ended = true;
          const outcome = callOutcome(result, extra.signal);
          sink.toolCallEnded(tool.name, outcome, (performance.now() - started) / 1000);
          options.onToolCall?.({ tool: tool.name, outcome, upstream: counted?.count() ?? 0 });
          return result;
        };
        try {
          const output = await withTraceparent(traceparentOf(extra._meta), () =>
            tool.run(args, {
              api: counted?.api ?? options.api,
              signal,
              now,
              progress: progressReporter(extra),
              scope,
              confirm: createConfirmGate(confirmMode, tokens, userAsker(server.server, signal)),
              registerSecret: (value) => secrets.push(value),
              readCredentialsFile: (path) => readCredentialsFile(path, fileAccess),
            }),
          );
          const fields = tool.skipSecretFieldScan
            ? output.structured
            : withoutSecretFields(output.structured);
          // Secrets beyond the API key were given in this call (credentials): scrub every value too.
          const callSecrets = secrets.length > baseSecrets;
          return logged({
            structuredContent: callSecrets ? redactValues(fields, secrets) : fields,
            content: [{ type: "text", text: redact(output.text, secrets) }],
          });
        } catch (error) {
          return logged(errorResult(error, tool, secrets));
        } finally {
          if (options.inFlight) options.inFlight.count -= 1;
        }
      },
    );
  }
  // Replaces the SDK's tools/list handler, which rebuilds every JSON schema on each call.
  const toolList = toolListFor(tools);
  server.server.setRequestHandler(ListToolsRequestSchema, () => toolList);
  const prompts = registerPrompts(server, tools, { api: options.api, scope });
  // The SDK announces list changes on registering; the lists here are fixed for the
  // server's life (and over HTTP there is no session to send a change on).
  server.server.registerCapabilities({
    tools: { listChanged: false },
    ...(prompts > 0 && { prompts: { listChanged: false } }),
  });
  return server;
}
